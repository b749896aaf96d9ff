using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LocoformerVst.Cli.Evaluation;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Metrics;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli.Commands;

/// <summary>
/// `eval`, two forms. `eval SET` scores an evaluation set folder (models/training/EVAL.md: set.json, mix, references,
/// optional estimates) exactly as models/training/eval.py does: the estimates, the mixture floor and the oracle
/// ideal-ratio-mask ceiling per stem, and the share of the gap closed. `eval ESTIMATES REFERENCES` scores stem files
/// (uSDR and museval's framewise SDR): each reference <c>NAME.wav</c> is paired with the estimate called
/// <c>NAME.wav</c> or <c>*.NAME.wav</c> (the names `separate` writes), so `eval separated/ references/` works.
/// `eval SET --separate` first writes the set's estimates with an ONNX model through the offline engine
/// (<see cref="EvalSetSeparator"/>). Files are read whole: eval is for test excerpts, not for streaming hour-long files.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var estimates = new Argument<string>("set|estimates")
        {
            Description = "An evaluation set folder (with set.json; give no references), or the estimated stems: a directory (or one file)",
        };
        var references = new Argument<string?>("references")
        {
            Description = "Reference stems: a directory (or one file); leave out to score an evaluation set",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var separate = new Option<bool>("--separate")
        {
            Description = "With a set: first write every track's estimate/<stem>.wav with a model (the engine of `separate`), then score",
        };
        Option<string?> model = CommonOptions.Model();
        model.Description = "With --separate: model name in the models directory, or a path to a .onnx/.json pair " +
            "(default: a cleaning model for a speech set, else a separator with the set's stems)";
        Option<string?> modelDir = CommonOptions.ModelDir();
        Option<int> threads = CommonOptions.Threads();
        Option<string> device = CommonOptions.Device();
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "eval",
            "Score separation: an evaluation set (estimates, mixture floor, oracle-mask ceiling, gap closed), optionally separating it first, or estimated stems against references")
        {
            estimates, references, separate, model, modelDir, threads, device, json,
        };
        command.SetAction((parse, cancellation) =>
        {
            bool asJson = parse.GetValue(json);
            string[] modelOptions = [.. new Option[] { model, modelDir, threads, device }
                .Where(o => parse.GetResult(o) is { Implicit: false })
                .Select(o => o.Name)];
            if (parse.GetValue(references) is string refs)
            {
                return Task.FromResult(parse.GetValue(separate) || modelOptions.Length > 0
                    ? Fail(console, asJson, ExitCodes.Usage,
                        $"{(parse.GetValue(separate) ? "--separate" : string.Join(", ", modelOptions))} applies to an evaluation set only: eval SET --separate [--model NAME|PATH]")
                    : Run(console, parse.GetValue(estimates)!, refs, asJson, cancellation));
            }

            if (!parse.GetValue(separate) && modelOptions.Length > 0)
            {
                return Task.FromResult(Fail(console, asJson, ExitCodes.Usage,
                    $"{string.Join(", ", modelOptions)} {(modelOptions.Length == 1 ? "chooses" : "choose")} the model of --separate; " +
                    "add --separate to write the estimates with it"));
            }

            SeparateSettings? separation = parse.GetValue(separate)
                ? new SeparateSettings(parse.GetValue(model), parse.GetValue(modelDir), parse.GetValue(threads), parse.GetValue(device)!)
                : null;
            return Task.Run(() => RunSet(console, parse.GetValue(estimates)!, separation, asJson, cancellation), cancellation);
        });
        return command;
    }

    /// <summary>
    /// Scores an evaluation set, after writing its estimates when <paramref name="separation"/> is given: a markdown
    /// table, or with --json EVAL.md's JSON (eval.py's keys, to diff).
    /// </summary>
    private static int RunSet(CliConsole console, string folder, SeparateSettings? separation, bool json, CancellationToken cancellation)
    {
        if (!EvalSet.IsSet(folder))
        {
            return Fail(console, json, ExitCodes.BadInput,
                $"'{folder}' is not an evaluation set: {(Directory.Exists(folder) ? $"it has no {EvalSet.FileName}" : "no such folder")} " +
                "(layout: models/training/EVAL.md); to score stem files give both: eval ESTIMATES REFERENCES");
        }

        EvalSetResult result;
        try
        {
            EvalSet set = EvalSet.Load(folder);
            if (separation is not null && Separate(console, set, separation, json, cancellation) is int failed)
            {
                return failed;
            }

            result = EvalSetScorer.Score(set, warning => console.Error.WriteLine($"warning: {warning}"), cancellation);
        }
        catch (Exception e) when (e is EvalSetException or AudioFormatException)
        {
            return Fail(console, json, ExitCodes.BadInput, e.Message);
        }

        if (json)
        {
            JsonReport.Write(console.Out, EvalSetReport.ToJson(result));
        }
        else
        {
            console.Out.Write(EvalSetReport.Table(result));
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Writes the set's estimates with the chosen model (eval --separate): null when every track is done, else the
    /// exit code of the failure, already reported. A model lacking a scored stem throws <see cref="EvalSetException"/>.
    /// </summary>
    private static int? Separate(CliConsole console, EvalSet set, SeparateSettings s, bool json, CancellationToken cancellation)
    {
        try
        {
            (OfflineTask task, StemSelection stems) = EvalStemMap.DefaultModelQuery(set);
            ModelEntry model = ModelLocator.Resolve(s.ModelDirectory, s.Model, task, stems);
            IReadOnlyDictionary<string, string> map = EvalStemMap.For(set, model.Manifest);
            ExecutionDevice device = BatchRunner.SelectDevice(s.Device, s.Threads, console);
            string aliases = string.Concat(map.Where(m => m.Key != m.Value).Select(m => $"; {m.Key} is its stem '{m.Value}'"));
            console.Error.WriteLine($"separating {set.Tracks.Count} track(s) with {model.Name} ({model.OnnxPath}) on {device.Provider.ToString().ToLowerInvariant()}{aliases}");
            using OfflineEngine engine = BatchRunner.CreateEngine(device, s.Threads);
            new EvalSetSeparator(engine, model, map).Run(set, console.Error.WriteLine, console.OnProgress, cancellation);
            return null;
        }
        catch (Exception e) when (e is not EvalSetException)
        {
            return Fail(console, json, ErrorClassifier.ExitCodeFor(e), ErrorClassifier.Describe(e));
        }
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

    /// <summary>The options of --separate.</summary>
    private sealed record SeparateSettings(string? Model, string? ModelDirectory, int Threads, string Device);

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
