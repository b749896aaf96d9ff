namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// An evaluation set that does not follow models/training/EVAL.md: a missing or malformed set.json, a missing file,
/// or files of a track that disagree. The message names the file, what is wrong and what was expected.
/// </summary>
internal sealed class EvalSetException(string path, string problem)
    : Exception($"'{path}': {problem}")
{
    /// <summary>The offending file or folder.</summary>
    public string Path { get; } = path;
}
