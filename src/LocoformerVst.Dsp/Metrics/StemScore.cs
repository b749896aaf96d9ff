namespace LocoformerVst.Dsp.Metrics;

/// <summary>
/// The three numbers an evaluation reports for one stem of one track (models/training/metrics.py's stem_scores):
/// uSDR, the track's cSDR (median of the one-second framewise SDRs, NaN when every window is silent) and SI-SDR.
/// </summary>
public readonly record struct StemScore(double Usdr, double Csdr, double SiSdr)
{
    /// <summary>Scores an estimate read from a file; reference and estimate must have the same shape.</summary>
    public static StemScore Measure(float[][] reference, float[][] estimate) => new(
        SeparationMetrics.Usdr(reference, estimate),
        SeparationMetrics.FramewiseSdr(reference, estimate).Median,
        SeparationMetrics.SiSdr(reference, estimate));

    /// <summary>Scores a float64 estimate (the oracle mask's), without rounding it to float.</summary>
    public static StemScore Measure(float[][] reference, double[][] estimate) => new(
        SeparationMetrics.Usdr(reference, estimate),
        SeparationMetrics.FramewiseSdr(reference, estimate).Median,
        SeparationMetrics.SiSdr(reference, estimate));
}
