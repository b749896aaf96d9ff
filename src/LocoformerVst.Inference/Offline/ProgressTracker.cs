namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Forwards job progress to the caller's <see cref="IProgress{T}"/> monotonically and sparingly: values never go
/// back, steps under half a percent are not reported, and 1 is reported exactly once, when the job is done.
/// </summary>
internal sealed class ProgressTracker
{
    private const double Step = 0.005;

    private readonly IProgress<double>? _progress;
    private double _last = -1;

    public ProgressTracker(IProgress<double>? progress)
    {
        _progress = progress;
    }

    /// <summary>Reports <paramref name="fraction"/> (clamped below 1) if it moved on enough.</summary>
    public void Report(double fraction)
    {
        if (_progress is null || !double.IsFinite(fraction))
        {
            return;
        }

        double value = Math.Clamp(fraction, 0, 0.999);
        if (value >= _last + Step || (_last < 0 && value >= 0))
        {
            _last = value;
            _progress.Report(value);
        }
    }

    /// <summary>Reports 1: the job's files are in place.</summary>
    public void Complete()
    {
        _last = 1;
        _progress?.Report(1);
    }
}
