namespace LocoformerVst.Dsp.Metrics;

/// <summary>Per-window SDRs (NaN where a window is silent in the reference or estimate) and their median: museval's per-track number.</summary>
public sealed record FramewiseSdrResult(double Median, double[] Windows)
{
    /// <summary>Windows that were scored (not NaN).</summary>
    public int ValidWindows => Windows.Count(w => !double.IsNaN(w));
}
