using System.Diagnostics;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Streaming;

/// <summary>What the capability check decided at activation; shown to the user as read-only parameters.</summary>
/// <param name="Provider">Execution provider that runs the model.</param>
/// <param name="Device">Device name, for the user.</param>
/// <param name="Mode">Latency mode in use: the requested one, or the next longer one that keeps up.</param>
/// <param name="RealTimeFactor">Measured chunk time divided by the chunk's real-time budget, for <see cref="Mode"/> (below 1 keeps up).</param>
/// <param name="LatencySamples">Reported latency in host samples.</param>
/// <param name="LatencyMilliseconds">The same in milliseconds.</param>
/// <param name="Capable">Whether real-time playback keeps up with the safety margin; if not, the plugin is offline-only.</param>
public sealed record CapabilityReport(
    ExecutionProvider Provider,
    string Device,
    LatencyMode Mode,
    double RealTimeFactor,
    int LatencySamples,
    double LatencyMilliseconds,
    bool Capable)
{
    public override string ToString() =>
        $"{(Capable ? "real-time" : "offline only")}: {Provider} on {Device}, {Mode} latency {LatencyMilliseconds:F0} ms, real-time factor {RealTimeFactor:F2}";
}

/// <summary>
/// Times warm chunk inferences and compares them with each latency mode's real-time budget (N·hop / 44.1 kHz per
/// chunk), so the plugin knows at activation whether it keeps up, and at which latency.
/// </summary>
public static class RealtimeCapabilityCheck
{
    /// <summary>A mode keeps up when its chunk takes at most this share of the budget (room for the host's own load).</summary>
    public const double SafetyMargin = 0.7;

    /// <summary>Real-time factor of <paramref name="plan"/>: the slowest of <paramref name="runs"/> warm runs over the budget.</summary>
    public static double MeasureRealTimeFactor(ChunkSession session, ChunkPlan plan, int warmups = 2, int runs = 4)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.EnsureFrames(plan.TotalFrames);
        var rng = new Random(1234);
        Span<float> input = session.Input;
        for (int i = 0; i < input.Length; i++) input[i] = (float)(rng.NextDouble() * 2 - 1);
        double budget = (double)plan.NewFrames * ModelContract.Hop / ModelContract.SampleRate;
        for (int i = 0; i < warmups; i++)
        {
            long started = Stopwatch.GetTimestamp();
            session.Run();
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            // Far too slow already (e.g. the GPU model on a CPU): no need to spend more time proving it.
            if (seconds > 4 * budget) return seconds / budget;
        }

        double slowest = 0;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Run();
            slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return slowest / budget;
    }

    /// <summary>
    /// Picks the shortest mode, no shorter than <paramref name="requested"/>, whose real-time factor is within the
    /// margin; if none is, reports the requested mode as not capable (offline only).
    /// </summary>
    public static (LatencyMode Mode, double RealTimeFactor, bool Capable) Choose(
        LatencyMode requested, Func<LatencyMode, double> realTimeFactor)
    {
        ArgumentNullException.ThrowIfNull(realTimeFactor);
        double requestedFactor = double.NaN;
        foreach (var mode in LatencyModes.All)
        {
            if (mode < requested) continue;
            double factor = realTimeFactor(mode);
            if (mode == requested) requestedFactor = factor;
            if (factor <= SafetyMargin) return (mode, factor, true);
        }

        return (requested, requestedFactor, false);
    }
}
