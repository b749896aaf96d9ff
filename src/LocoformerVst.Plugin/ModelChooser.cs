using LocoformerVst.Inference.Models;

namespace LocoformerVst.Plugin;

/// <summary>The model an activation uses, and whether it is a stand-in for the product model the settings ask for.</summary>
public sealed record ModelChoiceResult(ModelEntry Model, string WantedName, bool IsStandIn);

/// <summary>
/// Maps (Mode, Model parameter, pinned name) to a model of a catalog. The product ships lite-2stem, lite-5stem and
/// lite-clean; until those exist in a bundle, the closest model in it stands in (and the Status parameter says so),
/// because a plugin that plays something is more useful than one that plays nothing.
/// </summary>
public static class ModelChooser
{
    public const string TwoStemName = "lite-2stem";
    public const string FiveStemName = "lite-5stem";
    public const string CleanName = "lite-clean";

    /// <summary>Null when the catalog holds no model at all.</summary>
    public static ModelChoiceResult? Choose(ModelCatalog catalog, PluginMode mode, ModelChoice model, string pinnedModel)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (pinnedModel.Length > 0 && catalog.TryGet(pinnedModel, out ModelEntry? pinned))
            return new ModelChoiceResult(pinned, pinnedModel, IsStandIn: false);

        string wanted = mode == PluginMode.Clean ? CleanName : model == ModelChoice.FiveStem ? FiveStemName : TwoStemName;
        if (catalog.TryGet(wanted, out ModelEntry? exact))
            return new ModelChoiceResult(exact, wanted, IsStandIn: false);

        IReadOnlyList<ModelEntry> all = catalog.Models;
        ModelEntry? twoStem = First(all, m => m.Manifest.Stems.Count == 2 && m.Manifest.Kind == ModelTask.Separate)
            ?? First(all, m => m.Manifest.Stems.Count == 2 && Has(m, "vocals"));
        ModelEntry? fiveStem = First(all, m => m.Manifest.Stems.Count == 5 && m.Manifest.Kind == ModelTask.Separate);
        ModelEntry? clean = First(all, m => m.Manifest.Kind == ModelTask.Clean);
        ModelEntry? any = First(all, m => Has(m, "vocals")) ?? all.FirstOrDefault();
        ModelEntry? chosen = mode == PluginMode.Clean
            ? clean ?? twoStem ?? fiveStem ?? any
            : model == ModelChoice.FiveStem ? fiveStem ?? twoStem ?? any : twoStem ?? fiveStem ?? any;
        return chosen is null ? null : new ModelChoiceResult(chosen, wanted, IsStandIn: true);
    }

    private static ModelEntry? First(IReadOnlyList<ModelEntry> models, Func<ModelEntry, bool> match) =>
        models.FirstOrDefault(match);

    internal static bool Has(ModelEntry model, string stem) =>
        model.Manifest.Stems.Contains(stem, StringComparer.OrdinalIgnoreCase);
}
