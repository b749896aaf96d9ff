using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli;

/// <summary>Finds the models directory (as the server does) and the model for a job from the command line's options.</summary>
internal static class ModelLocator
{
    /// <summary>The models directory to use (see <see cref="ModelDirectoryLocator"/>); throws <see cref="ModelLoadException"/> naming where it looked.</summary>
    /// <param name="explicitDirectory">--model-dir, if given.</param>
    /// <param name="executableDirectory">Where the executable lives (default: AppContext.BaseDirectory).</param>
    /// <param name="currentDirectory">Where the walk up starts (default: the process's current directory).</param>
    public static string Directory(string? explicitDirectory, string? executableDirectory = null, string? currentDirectory = null) =>
        ModelDirectoryLocator.Find(explicitDirectory, "--model-dir DIR", executableDirectory, currentDirectory);

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
        if (model is not null)
        {
            return catalog.Get(model);
        }

        try
        {
            return ModelSelector.Select(catalog, task, stems);
        }
        catch (ModelLoadException e)
        {
            throw new ModelLoadException($"{e.Message} On the command line: --model-dir DIR.", e);
        }
    }
}
