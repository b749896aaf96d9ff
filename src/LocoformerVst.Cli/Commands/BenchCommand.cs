using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Cli.Commands;

/// <summary>
/// `bench`: separates generated stereo songs of given lengths (default 3 and 10 minutes) into every stem of a
/// 5-stem model and reports the real-time factor (target: below 1) and the peak resident memory of each run (target:
/// at most 600 MB, and flat as the song gets longer). A measurement, not a test: the machine's load is reported beside it.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var seconds = new Option<string>("--seconds")
        {
            Description = "Comma-separated song lengths in seconds",
            DefaultValueFactory = _ => "180,600",
        };
        Option<string?> modelDir = CommonOptions.ModelDir();
        Option<string?> model = CommonOptions.Model();
        Option<string> device = CommonOptions.Device();
        Option<int> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("bench",
            "Time separating generated 3- and 10-minute songs with a 5-stem model: real-time factor and peak memory. ")
        {
            seconds, modelDir, model, device, threads, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            double[] lengths;
            try
            {
                lengths = [.. parse.GetValue(seconds)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
                if (lengths.Length == 0 || lengths.Any(l => !(l > 0)))
                {
                    throw new FormatException("lengths must be positive");
                }
            }
            catch (FormatException e)
            {
                console.Error.WriteLine($"error: --seconds: {e.Message}; expected e.g. 180,600");
                return ExitCodes.Usage;
            }

            return await RunAsync(console, lengths, parse.GetValue(modelDir), parse.GetValue(model), parse.GetValue(device)!,
                parse.GetValue(threads), parse.GetValue(json), cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, double[] lengths, string? modelDir, string? modelName, string deviceName,
        int threads, bool json, CancellationToken cancellation)
    {
        ModelEntry model;
        ExecutionDevice device;
        try
        {
            model = ModelLocator.Resolve(modelDir, modelName, OfflineTask.Separate, StemSelection.FiveStems);
            device = new DeviceManager(new InferenceSettings { IntraOpThreads = threads }).Select(deviceName, measureThroughput: false);
        }
        catch (ModelLoadException e)
        {
            string hint = " (no 5-stem model found; the random-weight one has the same cost: --model tests/fixtures/models/lite-5stem-random.onnx)";
            if (json)
            {
                JsonReport.Write(console.Out, JsonReport.Error("bench", ExitCodes.ModelProblem, e.Message + hint));
            }

            console.Error.WriteLine($"error: {e.Message}{hint}");
            return ExitCodes.ModelProblem;
        }

        string work = Path.Combine(Path.GetTempPath(), "locoformer-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            using var engine = new OfflineEngine(new OfflineEngineOptions
            {
                Inference = device.ToSettings(new InferenceSettings { IntraOpThreads = threads }),
            });

            // Load the model and warm the session up once, so the timed runs measure processing only.
            long warmStart = Stopwatch.GetTimestamp();
            SyntheticSong.Write(Path.Combine(work, "warmup.wav"), 2);
            engine.Run(Request(model, Path.Combine(work, "warmup.wav"), Path.Combine(work, "out")), null, cancellation);
            double warmup = Stopwatch.GetElapsedTime(warmStart).TotalSeconds;

            string? loadBefore = MemoryProbe.LoadAverage();
            var runs = new JsonArray();
            foreach (double seconds in lengths)
            {
                string song = Path.Combine(work, $"song-{seconds:F0}s.wav");
                SyntheticSong.Write(song, seconds);
                GC.Collect();
                bool perRun = MemoryProbe.TryResetPeak();
                OfflineResult result = null!;
                await new ProgressDisplay(console, json).RunAsync([song], async (_, progress) =>
                    result = await engine.RunAsync(Request(model, song, Path.Combine(work, "out")), progress, cancellation));
                long peak = MemoryProbe.PeakBytes();
                runs.Add(new JsonObject
                {
                    ["seconds"] = seconds,
                    ["elapsedSeconds"] = JsonReport.Number(result.Elapsed.TotalSeconds),
                    ["realTimeFactor"] = JsonReport.Number(result.RealTimeFactor),
                    ["peakMemoryMB"] = JsonReport.Number(peak / 1048576.0),
                    ["peakMemoryScope"] = perRun ? "this run (VmHWM reset before it)" : "whole process",
                    ["chunks"] = result.Chunks,
                });
                foreach (string f in Directory.EnumerateFiles(Path.Combine(work, "out")))
                {
                    File.Delete(f);
                }

                File.Delete(song);
            }

            var report = new JsonObject
            {
                ["command"] = "bench",
                ["exitCode"] = ExitCodes.Ok,
                ["model"] = model.Name,
                ["stems"] = model.Manifest.Stems.Count,
                ["chunk"] = $"L {model.Manifest.Chunk.LeftContext} + N {model.Manifest.Chunk.Frames} + R {model.Manifest.Chunk.RightContext} frames",
                ["device"] = JsonReport.Device(device),
                ["processors"] = Environment.ProcessorCount,
                ["warmupSeconds"] = JsonReport.Number(warmup),
                ["loadAverageBefore"] = loadBefore,
                ["loadAverageAfter"] = MemoryProbe.LoadAverage(),
                ["runs"] = runs,
            };
            if (json)
            {
                JsonReport.Write(console.Out, report);
            }
            else
            {
                WriteText(console, report);
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static OfflineRequest Request(ModelEntry model, string input, string outDir) => new()
    {
        Task = OfflineTask.Separate,
        InputPath = input,
        OutputDirectory = outDir,
        Model = model,
        Stems = StemSelection.ModelStems,
        Format = WavSampleFormat.Int16,
    };

    private static void WriteText(CliConsole console, JsonObject report)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"bench: {report["model"]} ({report["stems"]} stems, {report["chunk"]}) on {report["device"]!["name"]}, " +
                              $"{report["device"]!["threads"]} threads, {report["processors"]} processors");
        console.Out.WriteLine($"load average before {report["loadAverageBefore"]}, after {report["loadAverageAfter"]}");
        foreach (JsonNode? run in report["runs"]!.AsArray())
        {
            console.Out.WriteLine(string.Format(inv, "  {0,5:F0} s song: {1,7:F1} s, real-time factor {2:F3}, peak memory {3:F0} MB ({4})",
                run!["seconds"]!.GetValue<double>(), run["elapsedSeconds"]!.GetValue<double>(), run["realTimeFactor"]!.GetValue<double>(),
                run["peakMemoryMB"]!.GetValue<double>(), run["peakMemoryScope"]));
        }
    }
}
