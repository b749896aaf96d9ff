namespace LocoformerVst.Inference.Offline;

/// <summary>Thrown before any output is written when an input lasts longer than the job's limit (CLI --max-seconds, server tiers).</summary>
public sealed class InputTooLongException : Exception
{
    public InputTooLongException(string fileName, TimeSpan duration, TimeSpan limit)
        : base($"'{fileName}' lasts {duration.TotalSeconds:F1} s, longer than the {limit.TotalSeconds:F1} s this job accepts; " +
               "trim it or raise the limit")
    {
        FileName = fileName;
        Duration = duration;
        Limit = limit;
    }

    public string FileName { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Limit { get; }
}
