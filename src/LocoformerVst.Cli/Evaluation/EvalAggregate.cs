using LocoformerVst.Dsp.Metrics;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// The per-stem aggregates of models/training/eval.py, reproduced operation for operation so both evaluators print
/// the same summary: uSDR mean, cSDR median of the track cSDRs (NaN ignored), SI-SDR mean ignoring NaN (like numpy's
/// nanmean: an infinite track value makes the mean infinite, reported as null), and the gap closed.
/// </summary>
internal static class EvalAggregate
{
    /// <summary>Summary of the scored (non-null) rows of one stem; all NaN when there are none.</summary>
    public static StemSummary Summarize(IReadOnlyList<StemScore> rows)
    {
        if (rows.Count == 0)
        {
            return new StemSummary(double.NaN, double.NaN, double.NaN, 0);
        }

        double[] siSdr = [.. rows.Select(r => r.SiSdr).Where(x => !double.IsNaN(x))];
        return new StemSummary(
            rows.Average(r => r.Usdr),
            SeparationMetrics.Median(rows.Select(r => r.Csdr)),
            siSdr.Length > 0 ? siSdr.Average() : double.NaN,
            rows.Count);
    }

    /// <summary>
    /// (estimate − mixture) / (irm − mixture) on mean uSDR: 0 at the floor, 1 at the ceiling. NaN when a value is
    /// missing (not finite) or the floor equals the ceiling.
    /// </summary>
    public static double GapClosed(double estimate, double mixture, double irm) =>
        double.IsFinite(estimate) && double.IsFinite(mixture) && double.IsFinite(irm) && irm != mixture
            ? (estimate - mixture) / (irm - mixture)
            : double.NaN;
}
