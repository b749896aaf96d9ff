using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Models;

/// <summary>
/// Finds the models directory the way the CLI does and picks the model for each request: a model named in
/// configuration first, else the engine's <see cref="ModelSelector"/>. The catalog is scanned once, on first use.
/// </summary>
public sealed class ModelResolver
{
    private readonly ModelOptions _options;
    private readonly Lazy<ModelCatalog> _catalog;

    public ModelResolver(IOptions<ServerOptions> options)
    {
        _options = options.Value.Models;
        _catalog = new Lazy<ModelCatalog>(() => ModelCatalog.FromDirectory(FindDirectory(_options.Directory)));
    }

    /// <summary>The scanned catalog.</summary>
    /// <exception cref="ModelLoadException">No models directory.</exception>
    public ModelCatalog Catalog => _catalog.Value;

    /// <summary>The model for <paramref name="task"/> with <paramref name="stems"/> (2 or 5) stems.</summary>
    /// <exception cref="ModelLoadException">No suitable model; the message says what is needed and what is there.</exception>
    public ModelEntry Resolve(OfflineTask task, int stems)
    {
        string? configured = task == OfflineTask.Clean ? _options.Clean : stems == 5 ? _options.FiveStem : _options.TwoStem;
        if (configured is not null)
        {
            return Catalog.Get(configured);
        }

        StemSelection selection = stems == 5 ? StemSelection.FiveStems : StemSelection.VocalsAndInstrumental;
        // Enhance picks its own default (the finest model); the caller's stem count decides here instead.
        return ModelSelector.Select(Catalog, task == OfflineTask.Enhance ? OfflineTask.Separate : task, selection);
    }

    /// <summary>The configured directory, else models/ beside the app, else the repository's models/ above the app.</summary>
    internal static string FindDirectory(string? configured) =>
        ModelDirectoryLocator.Find(configured, $"setting {ServerOptions.Section}:Models:Directory",
            AppContext.BaseDirectory, AppContext.BaseDirectory);
}
