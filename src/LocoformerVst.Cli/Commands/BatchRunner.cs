using System.Globalization;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Cli.Commands;

/// <summary>Everything a file command needs, parsed from its options.</summary>
internal sealed record BatchSettings
{
    public required string Command { get; init; }
    public required OfflineTask Task { get; init; }
    public required string Input { get; init; }
    public required string OutputDirectory { get; init; }
    public StemSelection Stems { get; init; } = StemSelection.VocalsAndInstrumental;
    public EnhancePreset Preset { get; init; } = EnhancePresets.Balanced;
    public WavSampleFormat Format { get; init; } = WavSampleFormat.Float32;
    public TimeSpan? MaxDuration { get; init; }
    public bool Plot { get; init; }
    public string? ModelDirectory { get; init; }
    public string? Model { get; init; }
    public string Device { get; init; } = "auto";
    public int Threads { get; init; } = InferenceSettings.DefaultIntraOpThreads;
    public bool Json { get; init; }
}

/// <summary>
/// Runs a file command: finds the inputs, the model and the device, processes each file with the offline engine
/// (one bad file does not stop the others; a model problem or a cancellation does), and reports the outcome as text
/// or JSON with the exit code of the worst problem.
/// </summary>
internal static class BatchRunner
{
    public static async Task<int> RunAsync(BatchSettings s, CliConsole console, CancellationToken cancellation)
    {
        IReadOnlyList<InputFile> files;
        IReadOnlyList<SkippedInput> skipped;
        ModelEntry model;
        ExecutionDevice device;
        try
        {
            (files, skipped) = InputDiscovery.Find(s.Input);
            foreach (SkippedInput skip in skipped)
            {
                console.Error.WriteLine($"warning: skipping {skip.Reason}");
            }

            if (files.Count == 0)
            {
                throw new FileNotFoundException($"no audio files (WAV or MP3) in directory '{s.Input}'", s.Input);
            }

            model = ModelLocator.Resolve(s.ModelDirectory, s.Model, s.Task, s.Stems);
            device = SelectDevice(s.Device, s.Threads, console);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(console, s, e);
        }

        using OfflineEngine engine = CreateEngine(device, s.Threads);
        var results = new OfflineResult?[files.Count];
        var failures = new Exception?[files.Count];
        bool stop = false;
        await new ProgressDisplay(console, s.Json).RunAsync([.. files.Select(f => f.Path)], async (i, progress) =>
        {
            if (stop)
            {
                return;
            }

            try
            {
                results[i] = await engine.RunAsync(Request(s, files[i], model), progress, cancellation);
            }
            catch (Exception e)
            {
                failures[i] = e;
                int code = ErrorClassifier.ExitCodeFor(e);
                stop = code is ExitCodes.Cancelled or ExitCodes.ModelProblem;
            }
        });

        var codes = failures.Select(f => f is null ? ExitCodes.Ok : ErrorClassifier.ExitCodeFor(f)).ToList();
        int exit = ErrorClassifier.Combine(codes);
        if (s.Json)
        {
            JsonReport.Write(console.Out, Report(s, model, device, files, skipped, results, failures, exit));
        }
        else
        {
            WriteText(console, files, results, failures);
        }

        return exit;
    }

    /// <summary>The device for --device; a GPU that is not available falls back to the CPU with a warning on stderr.</summary>
    public static ExecutionDevice SelectDevice(string request, int threads, CliConsole console)
    {
        ExecutionDevice device = new DeviceManager(new InferenceSettings { IntraOpThreads = threads }).Select(request, measureThroughput: false);
        if (device.FallbackReason is not null)
        {
            console.Error.WriteLine($"warning: --device {request} is not available, running on the CPU ({device.FallbackReason})");
        }

        return device;
    }

    /// <summary>An offline engine whose sessions run on <paramref name="device"/> with <paramref name="threads"/> CPU threads.</summary>
    public static OfflineEngine CreateEngine(ExecutionDevice device, int threads) => new(new OfflineEngineOptions
    {
        Inference = device.ToSettings(new InferenceSettings { IntraOpThreads = threads }),
    });

    private static OfflineRequest Request(BatchSettings s, InputFile file, ModelEntry model) => new()
    {
        Task = s.Task,
        InputPath = file.Path,
        OutputDirectory = s.OutputDirectory,
        OutputName = file.BaseName,
        Model = model,
        Stems = s.Stems,
        Preset = s.Preset,
        Format = s.Format,
        MaxDuration = s.MaxDuration,
        Plot = s.Plot,
    };

    private static int Fail(CliConsole console, BatchSettings s, Exception e)
    {
        int code = ErrorClassifier.ExitCodeFor(e);
        string message = ErrorClassifier.Describe(e);
        if (s.Json)
        {
            JsonReport.Write(console.Out, JsonReport.Error(s.Command, code, message));
        }

        console.Error.WriteLine($"error: {message}");
        return code;
    }

    private static JsonObject Report(BatchSettings s, ModelEntry model, ExecutionDevice device, IReadOnlyList<InputFile> files,
        IReadOnlyList<SkippedInput> skipped, OfflineResult?[] results, Exception?[] failures, int exit)
    {
        var items = new JsonArray();
        for (int i = 0; i < files.Count; i++)
        {
            if (results[i] is OfflineResult r)
            {
                items.Add(JsonReport.Result(r));
            }
            else if (failures[i] is Exception e)
            {
                items.Add(new JsonObject
                {
                    ["input"] = Path.GetFullPath(files[i].Path),
                    ["status"] = e is OperationCanceledException ? "cancelled" : "error",
                    ["exitCode"] = ErrorClassifier.ExitCodeFor(e),
                    ["error"] = ErrorClassifier.Describe(e),
                });
            }
            else
            {
                items.Add(new JsonObject { ["input"] = Path.GetFullPath(files[i].Path), ["status"] = "not run" });
            }
        }

        return new JsonObject
        {
            ["command"] = s.Command,
            ["exitCode"] = exit,
            ["model"] = model.Name,
            ["modelPath"] = model.OnnxPath,
            ["stems"] = new JsonArray([.. model.Manifest.Stems.Select(n => (JsonNode)n)]),
            ["device"] = JsonReport.Device(device),
            ["outputDirectory"] = s.OutputDirectory,
            ["files"] = items,
            ["skipped"] = new JsonArray([.. skipped.Select(k => (JsonNode)new JsonObject { ["path"] = k.Path, ["reason"] = k.Reason })]),
        };
    }

    private static void WriteText(CliConsole console, IReadOnlyList<InputFile> files, OfflineResult?[] results, Exception?[] failures)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < files.Count; i++)
        {
            if (failures[i] is Exception e)
            {
                console.Error.WriteLine($"error: {Path.GetFileName(files[i].Path)}: {ErrorClassifier.Describe(e)}");
                continue;
            }

            if (results[i] is not OfflineResult r)
            {
                continue;
            }

            console.Out.WriteLine(string.Format(inv, "{0}: {1} with {2} in {3:F1} s ({4:F2}x real time)",
                Path.GetFileName(r.InputPath), r.Task.ToString().ToLowerInvariant(), r.Model, r.Elapsed.TotalSeconds, r.RealTimeFactor));
            foreach (OfflineOutput o in r.Outputs)
            {
                string levels = o.Stats is SignalStats st
                    ? double.IsFinite(st.PeakDbfs) ? string.Format(inv, "  peak {0:F1} dBFS, {1:F1} LUFS", st.PeakDbfs, st.LoudnessLufs) : "  silent"
                    : "";
                console.Out.WriteLine($"  {o.Name,-14} {o.Path}{levels}");
            }

            if (r.Quality.Output is not null)
            {
                console.Out.WriteLine(string.Format(inv, "  loudness change {0:+0.0;-0.0} LU, estimated SNR change {1} dB, polish gain {2:+0.0;-0.0} dB",
                    r.Quality.LoudnessChangeDb ?? double.NaN,
                    r.Quality.EstimatedSnrChangeDb is double snr ? snr.ToString("+0.0;-0.0", inv) : "n/a",
                    r.Quality.PolishGainDb ?? 0));
            }
        }
    }
}
