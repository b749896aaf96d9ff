using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Metrics;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// Writes a scored set two ways: EVAL.md's JSON (the keys and order of eval.py's output, so the two files diff
/// cleanly; non-finite numbers are null) and a markdown table for people and for models/README.md.
/// </summary>
internal static class EvalSetReport
{
    /// <summary>The EVAL.md "Output JSON" object.</summary>
    public static JsonObject ToJson(EvalSetResult result)
    {
        EvalSet set = result.Set;
        var systems = new JsonObject();
        foreach (SystemResult system in result.Systems)
        {
            var summary = new JsonObject();
            foreach (string stem in set.Stems)
            {
                StemSummary s = system.Summary[stem];
                summary[stem] = new JsonObject
                {
                    ["usdr"] = JsonReport.Number(s.Usdr),
                    ["csdr"] = JsonReport.Number(s.Csdr),
                    ["sisdr"] = JsonReport.Number(s.SiSdr),
                    ["tracks"] = s.Tracks,
                };
            }

            var tracks = new JsonObject();
            foreach (string track in set.Tracks)
            {
                var stems = new JsonObject();
                foreach (string stem in set.Stems)
                {
                    stems[stem] = system.Tracks[track][stem] is StemScore score ? Scores(score) : null;
                }

                tracks[track] = stems;
            }

            systems[system.Name] = new JsonObject { ["summary"] = summary, ["tracks"] = tracks };
        }

        var json = new JsonObject
        {
            ["format"] = EvalSet.Format,
            ["stems"] = Names(set.Stems),
            ["sources"] = Names(set.Sources),
            ["tracks"] = Names(set.Tracks),
            ["systems"] = systems,
        };
        if (result.GapClosed is { } gap)
        {
            json["gapClosed"] = new JsonObject(set.Stems.Select(s => KeyValuePair.Create(s, JsonReport.Number(gap[s]))));
        }

        return json;
    }

    /// <summary>
    /// One row per stem: the estimates' uSDR, cSDR and SI-SDR, the floor's and the ceiling's uSDR, and the share of
    /// the gap closed ("–" where a value does not exist, e.g. without estimate files).
    /// </summary>
    public static string Table(EvalSetResult result)
    {
        SystemResult? estimate = result.System(EvalSetScorer.Estimate);
        SystemResult mixture = result.System(EvalSetScorer.Mixture)!, irm = result.System(EvalSetScorer.Irm)!;
        var text = new StringBuilder();
        text.AppendLine("| stem | model uSDR | model cSDR | model SI-SDR | mixture uSDR (floor) | IRM uSDR (ceiling) | gap closed |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (string stem in result.Set.Stems)
        {
            StemSummary? model = estimate?.Summary[stem];
            double gap = result.GapClosed?[stem] ?? double.NaN;
            text.AppendLine(string.Join(" | ",
                "| " + stem,
                Db(model?.Usdr), Db(model?.Csdr), Db(model?.SiSdr),
                Db(mixture.Summary[stem].Usdr), Db(irm.Summary[stem].Usdr),
                (double.IsFinite(gap) ? (100 * gap).ToString("F0", CultureInfo.InvariantCulture) + " %" : "–") + " |"));
        }

        int scored = mixture.Summary.Values.Select(s => s.Tracks).DefaultIfEmpty(0).Max();
        text.Append(CultureInfo.InvariantCulture,
            $"{result.Set.Tracks.Count} track(s), {scored} scored per stem at most; dB; floor: the mixture as every stem's estimate, ceiling: the oracle ideal ratio mask.");
        if (estimate is null)
        {
            text.Append(" No estimate files: only the floor and the ceiling were scored.");
        }

        return text.AppendLine().ToString();
    }

    private static JsonObject Scores(StemScore s) => new()
    {
        ["usdr"] = JsonReport.Number(s.Usdr),
        ["csdr"] = JsonReport.Number(s.Csdr),
        ["sisdr"] = JsonReport.Number(s.SiSdr),
    };

    private static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]);

    private static string Db(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";
}
