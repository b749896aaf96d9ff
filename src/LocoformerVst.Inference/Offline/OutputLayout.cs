using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Offline;

/// <summary>One file a job writes: its name and the gain of each model stem in it.</summary>
internal sealed record OutputSpec(string Name, float[] StemGains);

/// <summary>
/// Decides which files a job writes and how each is formed from the model's stems. Stem spectra are linear, so a sum
/// of stems (the instrumental of a 5-stem model) or a preset remix equals the same sum of the stems' audio.
/// </summary>
internal static class OutputLayout
{
    public static IReadOnlyList<OutputSpec> For(OfflineRequest request)
    {
        ModelManifest m = request.Model.Manifest;
        return request.Task switch
        {
            OfflineTask.Separate => Separation(m, request.Stems),
            OfflineTask.Clean => [new OutputSpec("clean", Gains(m, i => i == CleanStemIndex(m) ? 1f : 0f))],
            OfflineTask.Enhance => [new OutputSpec("enhanced", Remix(m, request.Stems, request.Preset))],
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Task, "unknown task"),
        };
    }

    /// <summary>
    /// How the pipeline should emit a layout: a single output is formed on the spectra as the pipeline's main mix (one
    /// inverse STFT); several outputs get every stem separately and are combined in the time domain.
    /// </summary>
    public static (StemMix? Main, int StemOutputs, float[][] StreamGains) PipelineShape(IReadOnlyList<OutputSpec> outputs, int stems)
    {
        if (outputs.Count == 1)
        {
            return (new StemMix(outputs[0].StemGains), 0, [[1f]]);
        }

        return (null, stems, [.. outputs.Select(o => o.StemGains)]);
    }

    private static IReadOnlyList<OutputSpec> Separation(ModelManifest m, StemSelection selection)
    {
        switch (selection)
        {
            case StemSelection.ModelStems:
                return [.. m.Stems.Select((name, i) => new OutputSpec(name, Gains(m, s => s == i ? 1f : 0f)))];

            case StemSelection.VocalsAndInstrumental:
            {
                int vocals = IndexOf(m, "vocals");
                if (vocals < 0)
                {
                    throw new ModelLoadException(
                        $"model '{m.Name}' has no 'vocals' stem (stems: {string.Join(", ", m.Stems)}), so it cannot give vocals + instrumental");
                }

                if (m.Stems.Count < 2)
                {
                    throw new ModelLoadException($"model '{m.Name}' has a single stem; vocals + instrumental needs at least two");
                }

                int instrumental = IndexOf(m, "instrumental");
                float[] rest = instrumental >= 0
                    ? Gains(m, s => s == instrumental ? 1f : 0f)
                    : Gains(m, s => s == vocals ? 0f : 1f); // no instrumental stem: the sum of the non-vocal stems
                return [new OutputSpec("vocals", Gains(m, s => s == vocals ? 1f : 0f)), new OutputSpec("instrumental", rest)];
            }

            case StemSelection.FiveStems:
            {
                string[] five = ["vocals", "drums", "bass", "instruments", "fx"];
                string[] missing = [.. five.Where(name => IndexOf(m, name) < 0)];
                if (missing.Length > 0)
                {
                    throw new ModelLoadException(
                        $"model '{m.Name}' has stems {string.Join(", ", m.Stems)}; 5 stems need a model with {string.Join(", ", five)} " +
                        $"(missing: {string.Join(", ", missing)}) — use a 5-stem model or ask for 2 stems");
                }

                return [.. five.Select(name => new OutputSpec(name, Gains(m, s => s == IndexOf(m, name) ? 1f : 0f)))];
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(selection), selection, "unknown stem selection");
        }
    }

    /// <summary>
    /// Enhance's gain per model stem: the preset's gain for each stem of the selection, so with vocals + instrumental
    /// from a 5-stem model every non-vocal stem takes the preset's instrumental gain.
    /// </summary>
    private static float[] Remix(ModelManifest m, StemSelection selection, EnhancePreset preset)
    {
        var gains = new float[m.Stems.Count];
        foreach (OutputSpec stem in Separation(m, selection))
        {
            float g = preset.GainFor(stem.Name);
            for (int s = 0; s < gains.Length; s++)
            {
                gains[s] += g * stem.StemGains[s];
            }
        }

        return gains;
    }

    /// <summary>The stem a cleaning model keeps: the first named like speech, else stem 0 (the manifest's convention).</summary>
    private static int CleanStemIndex(ModelManifest m)
    {
        foreach (string name in (string[])["clean", "speech", "vocals", "dialog", "dialogue"])
        {
            int i = IndexOf(m, name);
            if (i >= 0)
            {
                return i;
            }
        }

        return 0;
    }

    private static int IndexOf(ModelManifest m, string stem)
    {
        for (int i = 0; i < m.Stems.Count; i++)
        {
            if (string.Equals(m.Stems[i], stem, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static float[] Gains(ModelManifest m, Func<int, float> gain) => [.. Enumerable.Range(0, m.Stems.Count).Select(gain)];
}
