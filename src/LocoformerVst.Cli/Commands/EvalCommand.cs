using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Metrics;

namespace LocoformerVst.Cli.Commands;

/// <summary>
/// `eval`: scores estimated stems against reference stems with the literature's metrics (uSDR and museval's framewise
/// SDR, median over one-second windows). Each reference file <c>NAME.wav</c> is paired with the estimate called
/// <c>NAME.wav</c> or <c>*.NAME.wav</c> (the names `separate` writes), so `eval separated/ references/` works.
/// Files are read whole: eval is for test excerpts, not for streaming hour-long files.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var estimates = new Argument<string>("estimates") { Description = "Estimated stems: a directory (or one file)" };
        var references = new Argument<string>("references") { Description = "Reference stems: a directory (or one file)" };
        Option<bool> json = CommonOptions.Json();
        var command = new Command("eval", "Score estimated stems against references: uSDR and framewise SDR per stem. ")
        {
            estimates, references, json,
        };
        command.SetAction((parse, cancellation) => Task.Run(
            () => Run(console, parse.GetValue(estimates)!, parse.GetValue(references)!, parse.GetValue(json), cancellation), cancellation));
        return command;
    }

    private static int Run(CliConsole console, string estimates, string references, bool json, CancellationToken cancellation)
    {
        List<(string Stem, string Reference, string? Estimate)> pairs;
        try
        {
            pairs = Pair(estimates, references);
        }
        catch (FileNotFoundException e)
        {
            return Fail(console, json, ExitCodes.BadInput, e.Message);
        }

        if (pairs.Count == 0)
        {
            return Fail(console, json, ExitCodes.BadInput, $"no reference audio files in '{references}'");
        }

        var stems = new JsonArray();
        var usdrs = new List<double>();
        int exit = ExitCodes.Ok;
        foreach ((string stem, string reference, string? estimate) in pairs)
        {
            cancellation.ThrowIfCancellationRequested();
            var item = new JsonObject { ["stem"] = stem, ["reference"] = Path.GetFullPath(reference), ["estimate"] = estimate };
            try
            {
                if (estimate is null)
                {
                    throw new FileNotFoundException($"no estimate named '{stem}.*' or '*.{stem}.*' in '{estimates}'");
                }

                AudioBuffer r = AudioFile.Read(reference), e = AudioFile.Read(estimate);
                if (r.SampleRate != e.SampleRate || r.Channels != e.Channels)
                {
                    throw new AudioFormatException(estimate,
                        $"{e.Channels} channel(s) at {e.SampleRate} Hz, but the reference has {r.Channels} at {r.SampleRate} Hz");
                }

                int length = Math.Min(r.Length, e.Length);
                float[][] rs = Trim(r, length), es = Trim(e, length);
                double usdr = SeparationMetrics.Usdr(rs, es);
                FramewiseSdrResult framewise = SeparationMetrics.FramewiseSdr(rs, es, r.SampleRate, r.SampleRate);
                usdrs.Add(usdr);
                item["usdr"] = JsonReport.Number(usdr);
                item["framewiseSdrMedian"] = JsonReport.Number(framewise.Median);
                item["scoredWindows"] = framewise.ValidWindows;
                item["frames"] = length;
                item["lengthMismatch"] = r.Length != e.Length ? $"reference {r.Length} frames, estimate {e.Length}: scored the first {length}" : null;
            }
            catch (Exception x) when (x is AudioFormatException or FileNotFoundException)
            {
                item["error"] = x.Message;
                exit = ExitCodes.BadInput;
            }

            stems.Add(item);
        }

        var report = new JsonObject
        {
            ["command"] = "eval",
            ["exitCode"] = exit,
            ["stems"] = stems,
            ["meanUsdr"] = usdrs.Count > 0 ? JsonReport.Number(usdrs.Average()) : null,
        };
        if (json)
        {
            JsonReport.Write(console.Out, report);
        }
        else
        {
            CultureInfo inv = CultureInfo.InvariantCulture;
            foreach (JsonNode? s in stems)
            {
                console.Out.WriteLine(s!["error"] is JsonNode error
                    ? $"  {s["stem"],-14} error: {error}"
                    : string.Format(inv, "  {0,-14} uSDR {1,7:F2} dB   framewise SDR (median) {2,7:F2} dB",
                        s["stem"], s["usdr"]?.GetValue<double>() ?? double.NaN, s["framewiseSdrMedian"]?.GetValue<double>() ?? double.NaN));
            }

            if (usdrs.Count > 0)
            {
                console.Out.WriteLine(string.Format(inv, "  {0,-14} uSDR {1,7:F2} dB", "mean", usdrs.Average()));
            }
        }

        return exit;
    }

    private static List<(string Stem, string Reference, string? Estimate)> Pair(string estimates, string references)
    {
        if (File.Exists(references))
        {
            if (!File.Exists(estimates))
            {
                throw new FileNotFoundException($"reference '{references}' is a file, so the estimate must be a file too; '{estimates}' is not");
            }

            return [(Path.GetFileNameWithoutExtension(references), references, estimates)];
        }

        (IReadOnlyList<InputFile> refs, _) = InputDiscovery.Find(references);
        IReadOnlyList<InputFile> ests = Directory.Exists(estimates)
            ? InputDiscovery.Find(estimates).Files
            : throw new FileNotFoundException($"estimates directory '{estimates}' does not exist");
        return [.. refs.Select(r =>
        {
            string stem = Path.GetFileNameWithoutExtension(r.Path);
            string? match = ests.Select(e => e.Path).FirstOrDefault(e =>
                string.Equals(Path.GetFileNameWithoutExtension(e), stem, StringComparison.OrdinalIgnoreCase) ||
                Path.GetFileNameWithoutExtension(e).EndsWith("." + stem, StringComparison.OrdinalIgnoreCase));
            return (stem, r.Path, match is null ? null : Path.GetFullPath(match));
        })];
    }

    private static float[][] Trim(AudioBuffer b, int length) =>
        b.Length == length ? b.Samples : [.. b.Samples.Select(c => c[..length])];

    private static int Fail(CliConsole console, bool json, int code, string message)
    {
        if (json)
        {
            JsonReport.Write(console.Out, JsonReport.Error("eval", code, message));
        }

        console.Error.WriteLine($"error: {message}");
        return code;
    }
}
