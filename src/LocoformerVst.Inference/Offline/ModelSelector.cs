using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Picks the default model for a job from a catalog, so the CLI and the server agree on which model does what.
/// Identity test models are never picked implicitly (name them explicitly to use them).
/// </summary>
public static class ModelSelector
{
    /// <summary>
    /// Separate: a 2-stem vocals/instrumental model for 2 stems (else a 5-stem one, whose non-vocal stems sum to the
    /// instrumental), a 5-stem model for 5 stems, any separation model for the model's own stems. Clean: a model whose
    /// task is "clean". Enhance remixes the stems of the model: 2 stems prefer the 2-stem model, 5 stems need the
    /// 5-stem one, and no preference takes the 5-stem model (the finer remix), else the 2-stem one.
    /// </summary>
    /// <exception cref="ModelLoadException">No suitable model; the message names the directory and what is in it.</exception>
    public static ModelEntry Select(ModelCatalog catalog, OfflineTask task, StemSelection stems)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var separators = catalog.Models.Where(m => m.Manifest.Kind == ModelTask.Separate).ToList();
        ModelEntry? twoStem = separators.FirstOrDefault(m => HasStems(m, "vocals", "instrumental") && m.Manifest.Stems.Count == 2);
        ModelEntry? fiveStem = separators.FirstOrDefault(m => HasStems(m, "vocals", "drums", "bass", "instruments", "fx"));
        ModelEntry? chosen = task switch
        {
            OfflineTask.Separate => stems switch
            {
                StemSelection.VocalsAndInstrumental => twoStem ?? fiveStem,
                StemSelection.FiveStems => fiveStem,
                _ => twoStem ?? fiveStem ?? separators.FirstOrDefault(),
            },
            OfflineTask.Clean => catalog.Models.FirstOrDefault(m => m.Manifest.Kind == ModelTask.Clean),
            OfflineTask.Enhance => stems switch
            {
                StemSelection.VocalsAndInstrumental => twoStem ?? fiveStem,
                StemSelection.FiveStems => fiveStem,
                _ => fiveStem ?? twoStem,
            },
            _ => null,
        };

        if (chosen is not null)
        {
            return chosen;
        }

        string wanted = task switch
        {
            OfflineTask.Clean => "a cleaning model (task \"clean\")",
            OfflineTask.Separate or OfflineTask.Enhance when stems == StemSelection.FiveStems =>
                "a 5-stem separation model (vocals, drums, bass, instruments, fx)",
            _ => "a separation model with a vocals stem",
        };
        string available = catalog.Models.Count == 0
            ? "it holds no models"
            : "it holds " + string.Join(", ", catalog.Models.Select(m => m.ToString()));
        throw new ModelLoadException(
            $"no model for {task.ToString().ToLowerInvariant()} in '{catalog.Directory}': {wanted} is needed, but {available}. " +
            "Point the application at another models directory.");
    }

    private static bool HasStems(ModelEntry model, params string[] stems) =>
        stems.All(s => model.Manifest.Stems.Contains(s, StringComparer.OrdinalIgnoreCase));
}
