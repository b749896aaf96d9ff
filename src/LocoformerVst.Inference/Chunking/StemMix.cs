namespace LocoformerVst.Inference.Chunking;

/// <summary>
/// Per-stem gains that form one output from a model's stems. Spectra are linear, so the mix is formed on the
/// spectra and only one inverse STFT runs per output, whatever the number of stems.
/// </summary>
public sealed class StemMix
{
    private readonly float[] _gains;

    public StemMix(IReadOnlyList<float> gains)
    {
        ArgumentNullException.ThrowIfNull(gains);
        if (gains.Count == 0) throw new ArgumentException("a stem mix needs at least one gain", nameof(gains));
        foreach (float g in gains)
        {
            if (!float.IsFinite(g)) throw new ArgumentException($"stem gains must be finite; got {g}", nameof(gains));
        }

        _gains = [.. gains];
    }

    public int StemCount => _gains.Length;

    public ReadOnlySpan<float> Gains => _gains;

    /// <summary>Stem <paramref name="index"/> alone.</summary>
    public static StemMix Single(int stemCount, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, stemCount);
        var gains = new float[stemCount];
        gains[index] = 1f;
        return new StemMix(gains);
    }

    /// <summary>Every stem except <paramref name="excluded"/> (e.g. the instrumental: all but vocals).</summary>
    public static StemMix AllExcept(int stemCount, int excluded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(excluded);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(excluded, stemCount);
        var gains = Enumerable.Repeat(1f, stemCount).ToArray();
        gains[excluded] = 0f;
        return new StemMix(gains);
    }

    /// <summary>The gain of <paramref name="stem"/>; 0 for stems beyond this mix (a model with more stems).</summary>
    public float GainOf(int stem) => stem < _gains.Length ? _gains[stem] : 0f;
}
