using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Dynamics;

/// <summary>
/// Gain-only loudness normalization (peak or RMS to a target dBFS) that never pushes the peak above a ceiling: when
/// the target would, the gain is lowered instead, because a plain gain cannot limit (use <see cref="SoftLimiter"/>).
/// Silence is left unchanged (gain 1).
/// </summary>
public static class Normalizer
{
    /// <summary>Default ceiling for the peak after normalization, dBFS.</summary>
    public const double DefaultCeilingDbfs = -0.1;

    /// <summary>Scales <paramref name="buffer"/> in place so its peak is <paramref name="targetDbfs"/> (at most the ceiling); returns the linear gain.</summary>
    public static float PeakNormalize(AudioBuffer buffer, double targetDbfs, double ceilingDbfs = DefaultCeilingDbfs)
    {
        LevelMeter levels = LevelMeter.Measure(buffer);
        float gain = PeakGain(levels, targetDbfs, ceilingDbfs);
        ApplyGain(buffer, gain);
        return gain;
    }

    /// <summary>Scales <paramref name="buffer"/> in place so its RMS is <paramref name="targetDbfs"/> unless the peak would pass the ceiling; returns the linear gain.</summary>
    public static float RmsNormalize(AudioBuffer buffer, double targetDbfs, double ceilingDbfs = DefaultCeilingDbfs)
    {
        LevelMeter levels = LevelMeter.Measure(buffer);
        float gain = RmsGain(levels, targetDbfs, ceilingDbfs);
        ApplyGain(buffer, gain);
        return gain;
    }

    /// <summary>The gain that brings the measured peak to the target, capped by the ceiling.</summary>
    public static float PeakGain(LevelMeter levels, double targetDbfs, double ceilingDbfs = DefaultCeilingDbfs)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Peak <= 0 ? 1f : Capped(FromDb(targetDbfs) / levels.Peak, levels.Peak, ceilingDbfs);
    }

    /// <summary>The gain that brings the measured RMS to the target, capped so the peak stays under the ceiling.</summary>
    public static float RmsGain(LevelMeter levels, double targetDbfs, double ceilingDbfs = DefaultCeilingDbfs)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return levels.Rms <= 0 ? 1f : Capped(FromDb(targetDbfs) / levels.Rms, levels.Peak, ceilingDbfs);
    }

    /// <summary>Multiplies every sample by <paramref name="gain"/>.</summary>
    public static void ApplyGain(AudioBuffer buffer, float gain)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        foreach (float[] channel in buffer.Samples)
        {
            for (int i = 0; i < channel.Length; i++)
            {
                channel[i] *= gain;
            }
        }
    }

    /// <summary>Linear amplitude to dBFS.</summary>
    public static double ToDb(double linear) => 20 * Math.Log10(linear);

    /// <summary>dBFS to linear amplitude.</summary>
    public static double FromDb(double db) => Math.Pow(10, db / 20);

    private static float Capped(double gain, double peak, double ceilingDbfs)
    {
        if (double.IsNaN(ceilingDbfs) || ceilingDbfs > 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ceilingDbfs), ceilingDbfs, "ceiling must be at most 0 dBFS");
        }

        float ceiling = (float)FromDb(ceilingDbfs);
        float g = (float)Math.Min(gain, ceiling / peak);
        // The product is rounded to float when applied; step the gain down until that rounding cannot cross the ceiling.
        while (g > 0 && (float)peak * g > ceiling)
        {
            g = MathF.BitDecrement(g);
        }

        return g;
    }
}
