using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Plugin;

/// <summary>
/// What each (Mode, Stem) setting plays on the main output, and which aux bus each model stem feeds, for one model.
/// Built at activation so that a Stem or Mode change on the audio thread only picks a prepared StemMix.
/// </summary>
public sealed class StemRouting
{
    /// <summary>How much Enhance raises the selected stem, in dB.</summary>
    public const double EnhanceBoostDb = 4.0;

    /// <summary>Aux output buses in bus order (after the main output), named like the 5-stem model's stems.</summary>
    public static readonly string[] AuxStemNames = ["vocals", "drums", "bass", "instruments", "fx"];

    private readonly StemMix[,] _mixes;

    public StemRouting(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        IReadOnlyList<string> stems = manifest.Stems;
        int modes = Enum.GetValues<PluginMode>().Length;
        int choices = Enum.GetValues<StemChoice>().Length;
        _mixes = new StemMix[modes, choices];
        float boost = (float)Math.Pow(10, EnhanceBoostDb / 20);
        for (int s = 0; s < choices; s++)
        {
            float[] separate = SeparateGains(stems, (StemChoice)s);
            _mixes[(int)PluginMode.Separate, s] = new StemMix(separate);
            _mixes[(int)PluginMode.Clean, s] = new StemMix(CleanGains(manifest));
            _mixes[(int)PluginMode.Enhance, s] = new StemMix(separate.Select(g => 1f + (boost - 1f) * g).ToArray());
        }

        AuxBusOfStem = stems.Select(stem => AuxBusFor(stems, stem)).ToArray();
    }

    /// <summary>For model stem i, the aux bus (0 = Vocals .. 4 = FX) it is delivered on, or -1 for none.</summary>
    public IReadOnlyList<int> AuxBusOfStem { get; }

    /// <summary>The prepared main-output mix of a setting. Allocation-free. // audio thread</summary>
    public StemMix MainMix(PluginMode mode, StemChoice stem) => _mixes[(int)mode, (int)stem];

    // Separate: the stem itself; a stem the model does not have comes from the stem that contains it (with a 2-stem
    // model: drums, bass, instruments and fx are all in "instrumental"); instrumental = everything but the vocals.
    private static float[] SeparateGains(IReadOnlyList<string> stems, StemChoice choice)
    {
        var gains = new float[stems.Count];
        int vocals = IndexOf(stems, "vocals");
        int instrumental = IndexOf(stems, "instrumental");
        if (choice == StemChoice.Instrumental)
        {
            if (instrumental >= 0)
                gains[instrumental] = 1;
            else
                for (int i = 0; i < gains.Length; i++) gains[i] = i == vocals ? 0 : 1;
            return gains;
        }

        int own = IndexOf(stems, AuxStemNames[(int)choice]);
        if (own >= 0)
            gains[own] = 1;
        else if (choice != StemChoice.Vocals && instrumental >= 0)
            gains[instrumental] = 1;
        return gains; // all zero: this model cannot deliver the stem, the output is silent rather than wrong
    }

    // Clean: a cleaning model's first stem is the cleaned signal; a separation model standing in keeps the vocals,
    // the closest thing it has to dialogue.
    private static float[] CleanGains(ModelManifest manifest)
    {
        var gains = new float[manifest.Stems.Count];
        int vocals = IndexOf(manifest.Stems, "vocals");
        gains[manifest.Kind == ModelTask.Clean || vocals < 0 ? 0 : vocals] = 1;
        return gains;
    }

    private static int AuxBusFor(IReadOnlyList<string> stems, string stem)
    {
        int bus = Array.FindIndex(AuxStemNames, n => string.Equals(n, stem, StringComparison.OrdinalIgnoreCase));
        // A 2-stem model's accompaniment goes to the Instruments bus, unless the model also has an instruments stem.
        if (bus < 0 && string.Equals(stem, "instrumental", StringComparison.OrdinalIgnoreCase) && IndexOf(stems, "instruments") < 0)
            bus = (int)StemChoice.Instruments;
        return bus;
    }

    private static int IndexOf(IReadOnlyList<string> stems, string name)
    {
        for (int i = 0; i < stems.Count; i++)
        {
            if (string.Equals(stems[i], name, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }
}
