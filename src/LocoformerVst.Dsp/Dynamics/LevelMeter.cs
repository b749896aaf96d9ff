using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Dynamics;

/// <summary>
/// Accumulates peak and RMS over any number of blocks (float64 sums), so a long file can be measured in one streaming
/// pass before <see cref="Normalizer"/> picks a gain. RMS is over all channels and samples; a full-scale sine reads
/// -3.01 dBFS RMS (no +3 dB sine convention).
/// </summary>
public sealed class LevelMeter
{
    private double _sumSquares;

    /// <summary>Largest absolute sample seen (linear).</summary>
    public double Peak { get; private set; }

    /// <summary>Samples seen (all channels).</summary>
    public long SampleCount { get; private set; }

    /// <summary>Root mean square of all samples seen (linear); 0 before any.</summary>
    public double Rms => SampleCount == 0 ? 0 : Math.Sqrt(_sumSquares / SampleCount);

    /// <summary>Peak in dBFS (negative infinity for silence).</summary>
    public double PeakDbfs => Normalizer.ToDb(Peak);

    /// <summary>RMS in dBFS (negative infinity for silence).</summary>
    public double RmsDbfs => Normalizer.ToDb(Rms);

    /// <summary>Adds samples from one channel or an interleaved block.</summary>
    public void Add(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        float peak = (float)Peak;
        foreach (float s in samples)
        {
            sum += (double)s * s;
            peak = Math.Max(peak, Math.Abs(s));
        }

        _sumSquares += sum;
        Peak = peak;
        SampleCount += samples.Length;
    }

    /// <summary>Adds every channel of a buffer.</summary>
    public void Add(AudioBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        foreach (float[] channel in buffer.Samples)
        {
            Add(channel);
        }
    }

    /// <summary>Measures a buffer.</summary>
    public static LevelMeter Measure(AudioBuffer buffer)
    {
        var meter = new LevelMeter();
        meter.Add(buffer);
        return meter;
    }
}
