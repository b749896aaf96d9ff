using LocoformerVst.Dsp.Metrics;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// Scores an evaluation set the way models/training/eval.py's score_set does (EVAL.md "Scoring"): every stem of every
/// track against its reference for the estimate files (when every track has all of them), the mixture as the
/// estimate (the floor) and the oracle ideal ratio mask (the ceiling), then the per-stem aggregates and gap closed.
/// </summary>
internal static class EvalSetScorer
{
    /// <summary>A stem whose reference energy is at most this share of the mix's is silent in that track and not scored.</summary>
    public const double SilentRelative = 1e-6;

    /// <summary>System names, in output order.</summary>
    public const string Estimate = "estimate", Mixture = "mixture", Irm = "irm";

    /// <summary>
    /// Scores <paramref name="set"/> one track at a time (memory: one track's files and oracle estimates).
    /// <paramref name="warn"/> hears about estimates that exist for some stems or tracks but not all (then the
    /// estimate system is not scored, as in Python).
    /// </summary>
    /// <exception cref="EvalSetException">A file is missing or does not match its track.</exception>
    /// <exception cref="LocoformerVst.Dsp.Audio.AudioFormatException">A file is not readable audio.</exception>
    public static EvalSetResult Score(EvalSet set, Action<string>? warn = null, CancellationToken cancellation = default)
    {
        string? missing = FirstMissingEstimate(set);
        bool haveEstimate = missing is null;
        if (missing is not null && AnyEstimate(set))
        {
            warn?.Invoke($"estimates not scored: some exist but '{missing}' does not (every track needs every stem)");
        }

        var perSystem = new Dictionary<string, Dictionary<string, IReadOnlyDictionary<string, StemScore?>>>
        {
            [Estimate] = [], [Mixture] = [], [Irm] = [],
        };
        foreach (string name in set.Tracks)
        {
            cancellation.ThrowIfCancellationRequested();
            EvalTrack track = EvalTrack.Load(set, name);
            double[][][] oracle = IdealRatioMask.Estimates(track.References, track.Mix);
            double mixEnergy = Energy(track.Mix);
            var estimate = new Dictionary<string, StemScore?>();
            var mixture = new Dictionary<string, StemScore?>();
            var irm = new Dictionary<string, StemScore?>();
            foreach (string stem in set.Stems)
            {
                int source = set.SourceIndex(stem);
                float[][] reference = track.References[source];
                if (Energy(reference) <= SilentRelative * mixEnergy)
                {
                    estimate[stem] = mixture[stem] = irm[stem] = null;
                    continue;
                }

                mixture[stem] = StemScore.Measure(reference, track.Mix);
                irm[stem] = StemScore.Measure(reference, oracle[source]);
                estimate[stem] = haveEstimate ? StemScore.Measure(reference, track.ReadEstimate(stem)) : null;
            }

            perSystem[Estimate][name] = estimate;
            perSystem[Mixture][name] = mixture;
            perSystem[Irm][name] = irm;
        }

        SystemResult[] systems = [.. perSystem
            .Where(p => haveEstimate || p.Key != Estimate)
            .Select(p => new SystemResult(p.Key, Summaries(set, p.Value), p.Value))];
        return new EvalSetResult(set, systems, haveEstimate ? GapClosed(set, systems) : null);
    }

    private static Dictionary<string, StemSummary> Summaries(EvalSet set, Dictionary<string, IReadOnlyDictionary<string, StemScore?>> tracks) =>
        set.Stems.ToDictionary(
            stem => stem,
            stem => EvalAggregate.Summarize([.. set.Tracks.Select(t => tracks[t][stem]).OfType<StemScore>()]));

    private static Dictionary<string, double> GapClosed(EvalSet set, SystemResult[] systems)
    {
        StemSummary Of(string system, string stem) => systems.Single(s => s.Name == system).Summary[stem];
        return set.Stems.ToDictionary(
            stem => stem,
            stem => EvalAggregate.GapClosed(Of(Estimate, stem).Usdr, Of(Mixture, stem).Usdr, Of(Irm, stem).Usdr));
    }

    private static string? FirstMissingEstimate(EvalSet set) =>
        set.Tracks.SelectMany(t => set.Stems.Select(s => set.EstimatePath(t, s))).FirstOrDefault(p => !File.Exists(p));

    private static bool AnyEstimate(EvalSet set) =>
        set.Tracks.Any(t => set.Stems.Any(s => File.Exists(set.EstimatePath(t, s))));

    private static double Energy(float[][] x)
    {
        double sum = 0;
        foreach (float[] channel in x)
        {
            foreach (float v in channel)
            {
                sum += (double)v * v;
            }
        }

        return sum;
    }
}
