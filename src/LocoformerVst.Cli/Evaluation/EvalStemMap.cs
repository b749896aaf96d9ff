using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// Which model stem becomes which scored stem of an evaluation set when `eval --separate` writes the estimates, and
/// which model the set asks for when none is named.
/// </summary>
/// <remarks>
/// Stems match by name (ignoring case, as the engine does). One alias: a speech set (EVAL.md: stems ["speech"]) run
/// through a cleaning model that has no "speech" stem takes the model's "clean" stem (the name `locoformer clean`
/// gives its output), or a single-stem cleaning model's only stem. Exported cleaning models name their stem "speech"
/// (models/training/augment.py task_stems), so they need no alias.
/// </remarks>
internal static class EvalStemMap
{
    /// <summary>The set's stem that a cleaning model's output stands for.</summary>
    public const string Speech = "speech";

    /// <summary>The name the engine's clean task gives its output.</summary>
    public const string Clean = "clean";

    private static readonly string[] TwoStems = ["vocals", "instrumental"];
    private static readonly string[] FiveStems = ["vocals", "drums", "bass", "instruments", "fx"];

    /// <summary>For each of the set's stems, the model stem (as the manifest spells it) whose output is its estimate.</summary>
    /// <exception cref="EvalSetException">The model lacks a stem the set scores; the message names them and the model's stems.</exception>
    public static IReadOnlyDictionary<string, string> For(EvalSet set, ModelManifest model)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (string stem in set.Stems)
        {
            if (ModelStem(set, model, stem) is string modelStem)
            {
                map[stem] = modelStem;
            }
            else
            {
                missing.Add(stem);
            }
        }

        if (missing.Count > 0)
        {
            throw new EvalSetException(Path.Combine(set.Folder, EvalSet.FileName),
                $"scores stem(s) {string.Join(", ", missing)} that model '{model.Name}' ({model.Task}) does not output; " +
                $"its stems are {string.Join(", ", model.Stems)}. Choose a model whose stems include {string.Join(", ", set.Stems)} (--model NAME|PATH)");
        }

        return map;
    }

    /// <summary>
    /// The task and stem selection to pick a default model with (<see cref="ModelSelector"/>): a cleaning model for a
    /// speech set, a 2- or 5-stem separator for those stems, else any separator.
    /// </summary>
    public static (OfflineTask Task, StemSelection Stems) DefaultModelQuery(EvalSet set)
    {
        if (set.Stems is [Speech])
        {
            return (OfflineTask.Clean, StemSelection.ModelStems);
        }

        if (SameNames(set.Stems, TwoStems))
        {
            return (OfflineTask.Separate, StemSelection.VocalsAndInstrumental);
        }

        return SameNames(set.Stems, FiveStems)
            ? (OfflineTask.Separate, StemSelection.FiveStems)
            : (OfflineTask.Separate, StemSelection.ModelStems);
    }

    private static string? ModelStem(EvalSet set, ModelManifest model, string stem)
    {
        if (Find(model, stem) is string exact)
        {
            return exact;
        }

        // The alias must not hand one model stem to two scored stems (a set scoring both "speech" and "clean").
        if (model.Kind != ModelTask.Clean || stem != Speech || set.Stems.Contains(Clean, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return Find(model, Clean) ?? (model.Stems.Count == 1 ? model.Stems[0] : null);
    }

    private static string? Find(ModelManifest model, string stem) =>
        model.Stems.FirstOrDefault(s => string.Equals(s, stem, StringComparison.OrdinalIgnoreCase));

    private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(n => b.Contains(n, StringComparer.OrdinalIgnoreCase));
}
