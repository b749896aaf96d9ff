using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli;

/// <summary>
/// Finds the models directory and the model for a job. Default directory: <c>models/</c> beside the executable
/// (where the build copies the shipped models) if it holds any, else the repository's <c>models/</c>, found by walking
/// up from the current directory (so <c>dotnet run</c> in a checkout works).
/// </summary>
internal static class ModelLocator
{
    /// <summary>The models directory to use; throws <see cref="ModelLoadException"/> naming where it looked.</summary>
    /// <param name="explicitDirectory">--model-dir, if given.</param>
    /// <param name="executableDirectory">Where the executable lives (default: AppContext.BaseDirectory).</param>
    /// <param name="currentDirectory">Where the walk up starts (default: the process's current directory).</param>
    public static string Directory(string? explicitDirectory, string? executableDirectory = null, string? currentDirectory = null)
    {
        if (explicitDirectory is not null)
        {
            string dir = Path.GetFullPath(explicitDirectory);
            return System.IO.Directory.Exists(dir)
                ? dir
                : throw new ModelLoadException($"models directory '{dir}' (--model-dir) does not exist");
        }

        var searched = new List<string>();
        string besideExe = Path.Combine(executableDirectory ?? AppContext.BaseDirectory, "models");
        searched.Add(besideExe);
        if (System.IO.Directory.Exists(besideExe) && System.IO.Directory.EnumerateFiles(besideExe, "*.json").Any())
        {
            return Path.GetFullPath(besideExe);
        }

        string start = currentDirectory ?? System.IO.Directory.GetCurrentDirectory();
        for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "models");
            if (System.IO.Directory.Exists(candidate) &&
                (File.Exists(Path.Combine(d.FullName, "LocoformerVst.sln")) || System.IO.Directory.EnumerateFiles(candidate, "*.onnx").Any()))
            {
                return candidate;
            }
        }

        searched.Add($"models/ in {start} and the folders above it");
        throw new ModelLoadException(
            $"no models directory found (looked in {string.Join("; ", searched)}); pass --model-dir DIR");
    }

    /// <summary>
    /// The model to run: <paramref name="model"/> as a path to a .onnx/.json file or a name in the directory, or the
    /// directory's default for the task.
    /// </summary>
    public static ModelEntry Resolve(string? modelDirectory, string? model, OfflineTask task, StemSelection stems)
    {
        if (model is not null && (model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ||
                                  model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ||
                                  model.Contains(Path.DirectorySeparatorChar) || model.Contains('/')))
        {
            return ModelEntry.Load(model);
        }

        ModelCatalog catalog = ModelCatalog.FromDirectory(Directory(modelDirectory));
        return model is not null ? catalog.Get(model) : ModelSelector.Select(catalog, task, stems);
    }
}
