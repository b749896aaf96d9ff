using System.Numerics;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Metrics;

/// <summary>
/// Source-separation quality metrics as the literature reports them, so our numbers compare with published ones:
/// uSDR (MDX'21/SDX'23 "global SDR"), museval v4 framewise SDR (cSDR per track) and SI-SDR. All sums are float64 over
/// every channel and sample. Inputs are planar (one array per channel); reference first, estimate second. Estimates
/// come as float (files) or double (the oracle mask's output, which the Python evaluator scores in float64: rounding it
/// to float moves a near-perfect window's SDR by several dB, 171.0 to 177.2 dB on the agreement fixture).
/// </summary>
public static class SeparationMetrics
{
    /// <summary>The δ added to both sums of uSDR (Demucs' value; MSST uses 1e-8).</summary>
    public const double UsdrDelta = 1e-7;

    /// <summary>museval's window and hop at 44.1 kHz: one second.</summary>
    public const int MusevalWindow = 44_100;

    /// <summary>uSDR = 10·log10((Σs² + δ) / (Σ(s − ŝ)² + δ)); shapes must match. Identical signals give a large finite value.</summary>
    public static double Usdr(float[][] reference, float[][] estimate) => UsdrCore(reference, estimate);

    /// <summary>uSDR of a float64 estimate (see the float overload).</summary>
    public static double Usdr(float[][] reference, double[][] estimate) => UsdrCore(reference, estimate);

    private static double UsdrCore<T>(float[][] reference, T[][] estimate)
        where T : unmanaged, INumberBase<T>
    {
        CheckShapes(reference, estimate, requireSameLength: true);
        double signal = 0, error = 0;
        for (int c = 0; c < reference.Length; c++)
        {
            float[] s = reference[c];
            T[] e = estimate[c];
            for (int i = 0; i < s.Length; i++)
            {
                double d = s[i] - double.CreateTruncating(e[i]);
                signal += (double)s[i] * s[i];
                error += d * d;
            }
        }

        return 10 * Math.Log10((signal + UsdrDelta) / (error + UsdrDelta));
    }

    /// <summary>uSDR of two buffers (sample rates must match).</summary>
    public static double Usdr(AudioBuffer reference, AudioBuffer estimate)
    {
        CheckRates(reference, estimate);
        return Usdr(reference.Samples, estimate.Samples);
    }

    /// <summary>
    /// museval v4 framewise SDR: the estimate is cut or zero-padded to the reference length; windows of
    /// <paramref name="window"/> frames every <paramref name="hop"/> frames, ⌊(N − window + hop) / hop⌋ of them (a trailing
    /// partial window is dropped); a window is NaN when the reference or the estimate is all zeros there, otherwise
    /// 10·log10(Σs² / Σ(ŝ − s)²) with no epsilon (+∞ when identical). The median ignores NaN windows (NaN if none remain).
    /// </summary>
    public static FramewiseSdrResult FramewiseSdr(float[][] reference, float[][] estimate, int window = MusevalWindow, int hop = MusevalWindow) =>
        FramewiseSdrCore(reference, estimate, window, hop);

    /// <summary>Framewise SDR of a float64 estimate (see the float overload).</summary>
    public static FramewiseSdrResult FramewiseSdr(float[][] reference, double[][] estimate, int window = MusevalWindow, int hop = MusevalWindow) =>
        FramewiseSdrCore(reference, estimate, window, hop);

    private static FramewiseSdrResult FramewiseSdrCore<T>(float[][] reference, T[][] estimate, int window, int hop)
        where T : unmanaged, INumberBase<T>
    {
        CheckShapes(reference, estimate, requireSameLength: false);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
        int n = reference[0].Length;
        int count = n < window ? 0 : (n - window + hop) / hop;
        var scores = new double[count];
        for (int w = 0; w < count; w++)
        {
            int start = w * hop;
            double signal = 0, error = 0;
            bool referenceSilent = true, estimateSilent = true;
            for (int c = 0; c < reference.Length; c++)
            {
                float[] s = reference[c];
                T[] e = estimate[c];
                for (int i = start; i < start + window; i++)
                {
                    double est = i < e.Length ? double.CreateTruncating(e[i]) : 0.0;
                    double d = est - s[i];
                    signal += (double)s[i] * s[i];
                    error += d * d;
                    referenceSilent &= s[i] == 0;
                    estimateSilent &= est == 0;
                }
            }

            scores[w] = referenceSilent || estimateSilent ? double.NaN : 10 * Math.Log10(signal / error);
        }

        return new FramewiseSdrResult(Median(scores), scores);
    }

    /// <summary>Framewise SDR with one-second windows and hop at the buffers' sample rate.</summary>
    public static FramewiseSdrResult FramewiseSdr(AudioBuffer reference, AudioBuffer estimate)
    {
        CheckRates(reference, estimate);
        return FramewiseSdr(reference.Samples, estimate.Samples, reference.SampleRate, reference.SampleRate);
    }

    /// <summary>
    /// SI-SDR = 10·log10(‖αs‖² / ‖αs − ŝ‖²) with α = ⟨ŝ, s⟩ / ⟨s, s⟩, all channels taken as one vector; with
    /// <paramref name="zeroMean"/> each channel's mean is removed first (ESPnet). +∞ when ŝ is an exact multiple of s.
    /// </summary>
    public static double SiSdr(float[][] reference, float[][] estimate, bool zeroMean = true) => SiSdrCore(reference, estimate, zeroMean);

    /// <summary>SI-SDR of a float64 estimate (see the float overload).</summary>
    public static double SiSdr(float[][] reference, double[][] estimate, bool zeroMean = true) => SiSdrCore(reference, estimate, zeroMean);

    private static double SiSdrCore<T>(float[][] reference, T[][] estimate, bool zeroMean)
        where T : unmanaged, INumberBase<T>
    {
        CheckShapes(reference, estimate, requireSameLength: true);
        var sMean = new double[reference.Length];
        var eMean = new double[reference.Length];
        if (zeroMean)
        {
            for (int c = 0; c < reference.Length; c++)
            {
                sMean[c] = Mean(reference[c]);
                eMean[c] = Mean(estimate[c]);
            }
        }

        double dot = 0, energy = 0;
        for (int c = 0; c < reference.Length; c++)
        {
            for (int i = 0; i < reference[c].Length; i++)
            {
                double s = reference[c][i] - sMean[c];
                dot += (double.CreateTruncating(estimate[c][i]) - eMean[c]) * s;
                energy += s * s;
            }
        }

        double alpha = dot / energy;
        double target = 0, residual = 0;
        for (int c = 0; c < reference.Length; c++)
        {
            for (int i = 0; i < reference[c].Length; i++)
            {
                double t = alpha * (reference[c][i] - sMean[c]);
                double r = t - (double.CreateTruncating(estimate[c][i]) - eMean[c]);
                target += t * t;
                residual += r * r;
            }
        }

        return 10 * Math.Log10(target / residual);
    }

    /// <summary>SI-SDR of one channel.</summary>
    public static double SiSdr(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate, bool zeroMean = true) =>
        SiSdr([reference.ToArray()], [estimate.ToArray()], zeroMean);

    /// <summary>uSDR of one channel.</summary>
    public static double Usdr(ReadOnlySpan<float> reference, ReadOnlySpan<float> estimate) =>
        Usdr([reference.ToArray()], [estimate.ToArray()]);

    /// <summary>The median of the non-NaN values (mean of the middle two for an even count); NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0)
        {
            return double.NaN;
        }

        int mid = v.Length / 2;
        return v.Length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private static double Mean<T>(T[] x)
        where T : unmanaged, INumberBase<T>
    {
        double sum = 0;
        foreach (T v in x)
        {
            sum += double.CreateTruncating(v);
        }

        return x.Length == 0 ? 0 : sum / x.Length;
    }

    private static void CheckShapes<T>(float[][] reference, T[][] estimate, bool requireSameLength)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimate);
        if (reference.Length == 0 || reference.Length != estimate.Length)
        {
            throw new ArgumentException($"reference has {reference.Length} channels and estimate {estimate.Length}; they must match and be non-zero");
        }

        for (int c = 0; c < reference.Length; c++)
        {
            if (reference[c].Length != reference[0].Length || (requireSameLength && estimate[c].Length != reference[c].Length))
            {
                throw new ArgumentException(
                    $"channel {c}: reference has {reference[c].Length} samples and estimate {estimate[c].Length}; " +
                    (requireSameLength ? "they must be equally long" : "reference channels must be equally long"));
            }
        }
    }

    private static void CheckRates(AudioBuffer reference, AudioBuffer estimate)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(estimate);
        if (reference.SampleRate != estimate.SampleRate)
        {
            throw new ArgumentException($"reference is {reference.SampleRate} Hz but estimate is {estimate.SampleRate} Hz");
        }
    }
}
