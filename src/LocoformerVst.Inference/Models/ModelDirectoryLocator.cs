namespace LocoformerVst.Inference.Models;

/// <summary>
/// Finds the models directory of an application (the CLI, the server) the one way they share: an explicit directory,
/// else <c>models/</c> beside the executable (where builds copy the shipped models) if it holds a manifest, else the
/// repository's <c>models/</c>, found by walking up from a start folder (so <c>dotnet run</c> in a checkout works).
/// </summary>
public static class ModelDirectoryLocator
{
    /// <summary>The directory to use; throws <see cref="ModelLoadException"/> naming where it looked and <paramref name="howToSet"/>.</summary>
    /// <param name="explicitDirectory">The user's choice (an option or a setting), or null.</param>
    /// <param name="howToSet">How the user names a directory, for the error message (e.g. "--model-dir DIR").</param>
    /// <param name="executableDirectory">Where the executable lives (default: AppContext.BaseDirectory).</param>
    /// <param name="startDirectory">Where the walk up starts (default: the process's current directory).</param>
    public static string Find(string? explicitDirectory, string howToSet, string? executableDirectory = null, string? startDirectory = null)
    {
        executableDirectory ??= AppContext.BaseDirectory;
        if (explicitDirectory is not null)
        {
            string dir = Path.GetFullPath(explicitDirectory, executableDirectory);
            return Directory.Exists(dir)
                ? dir
                : throw new ModelLoadException($"models directory '{dir}' ({howToSet}) does not exist");
        }

        string besideExe = Path.GetFullPath(Path.Combine(executableDirectory, "models"));
        if (Directory.Exists(besideExe) && Directory.EnumerateFiles(besideExe, "*.json").Any())
        {
            return besideExe;
        }

        string start = startDirectory ?? Directory.GetCurrentDirectory();
        for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "models");
            if (Directory.Exists(candidate) &&
                (File.Exists(Path.Combine(d.FullName, "LocoformerVst.sln")) || Directory.EnumerateFiles(candidate, "*.onnx").Any()))
            {
                return candidate;
            }
        }

        throw new ModelLoadException(
            $"no models directory found (looked in {besideExe}; models/ in {start} and the folders above it); use {howToSet}");
    }
}
