namespace LocoformerVst.Inference.Offline;

/// <summary>
/// A named remix for enhance: a gain in dB per stem name, applied before the polish. Stems the preset does not name
/// keep 0 dB. Because the polish normalizes loudness afterwards, only the gains relative to each other matter.
/// </summary>
public sealed record EnhancePreset(string Name, string Description, IReadOnlyDictionary<string, double> GainsDb)
{
    /// <summary>The gain in dB for stem <paramref name="stem"/> (0 when the preset leaves it alone).</summary>
    public double GainDbFor(string stem) =>
        GainsDb.TryGetValue(stem, out double db) ? db : 0;

    /// <summary>The linear gain for stem <paramref name="stem"/>.</summary>
    public float GainFor(string stem) => (float)Math.Pow(10, GainDbFor(stem) / 20);
}

/// <summary>The enhance presets the CLI and the server offer.</summary>
public static class EnhancePresets
{
    /// <summary>Every stem at 0 dB: the mix as the model hears it, polished.</summary>
    public static readonly EnhancePreset Balanced = new("balanced",
        "all stems at 0 dB; only the loudness polish changes the sound", Gains());

    /// <summary>Vocals forward for intelligibility (and karaoke practice in reverse).</summary>
    public static readonly EnhancePreset VocalUp = new("vocal-up",
        "vocals +4 dB, accompaniment -1 to -2 dB",
        Gains(("vocals", 4), ("drums", -1), ("bass", -1), ("instruments", -2), ("fx", -2), ("instrumental", -2)));

    /// <summary>Rhythm section forward.</summary>
    public static readonly EnhancePreset Punchy = new("punchy",
        "drums +3 dB, bass +2 dB, pads and fx pulled back",
        Gains(("drums", 3), ("bass", 2), ("vocals", 0.5), ("instruments", -1), ("fx", -1.5), ("instrumental", 1.5)));

    /// <summary>Low end and harmonic body forward, bright transients and effects back.</summary>
    public static readonly EnhancePreset Warm = new("warm",
        "bass +2.5 dB, instruments +1.5 dB, drums -1.5 dB, fx -3 dB",
        Gains(("bass", 2.5), ("instruments", 1.5), ("vocals", 1), ("drums", -1.5), ("fx", -3), ("instrumental", 1)));

    public static IReadOnlyList<EnhancePreset> All { get; } = [Balanced, VocalUp, Punchy, Warm];

    /// <summary>The preset named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such preset; the message lists them.</exception>
    public static EnhancePreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"unknown enhance preset '{name}'; available: {string.Join(", ", All.Select(p => p.Name))}", nameof(name));

    private static Dictionary<string, double> Gains(params (string Stem, double Db)[] gains) =>
        gains.ToDictionary(g => g.Stem, g => g.Db, StringComparer.OrdinalIgnoreCase);
}
