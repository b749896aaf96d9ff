using LocoformerVst.Dsp.Metrics;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>One system's numbers per stem over a set's scored tracks; NaN stands for EVAL.md's null.</summary>
internal readonly record struct StemSummary(double Usdr, double Csdr, double SiSdr, int Tracks);

/// <summary>
/// What one system (the estimate files, the mixture floor or the oracle-mask ceiling) scored: per track and stem
/// (null where the stem's reference is silent in that track) and the per-stem summary.
/// </summary>
internal sealed record SystemResult(
    string Name,
    IReadOnlyDictionary<string, StemSummary> Summary,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, StemScore?>> Tracks);

/// <summary>
/// A scored evaluation set: the systems in EVAL.md's order (estimate when its files exist, mixture, irm) and, with
/// estimates, the share of the floor-to-ceiling uSDR gap the estimates close per stem (NaN where undefined).
/// </summary>
internal sealed record EvalSetResult(
    EvalSet Set,
    IReadOnlyList<SystemResult> Systems,
    IReadOnlyDictionary<string, double>? GapClosed)
{
    /// <summary>The system called <paramref name="name"/>, or null when it was not scored.</summary>
    public SystemResult? System(string name) => Systems.FirstOrDefault(s => s.Name == name);
}
