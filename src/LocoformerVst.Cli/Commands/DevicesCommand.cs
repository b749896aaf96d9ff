using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Streaming;

namespace LocoformerVst.Cli.Commands;

/// <summary>
/// `devices`: which execution providers this build can enable, the device "auto" picks with its measured tier, and
/// for every model in the models directory the real-time verdict of the plug-in's capability check.
/// </summary>
internal static class DevicesCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> modelDir = CommonOptions.ModelDir();
        Option<string> device = CommonOptions.Device();
        Option<int> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("devices",
            "List execution providers, the chosen device and its tier, and whether each model runs in real time on it. ")
        {
            modelDir, device, threads, json,
        };
        command.SetAction((parse, cancellation) => Task.Run(() => Run(console, parse.GetValue(modelDir), parse.GetValue(device)!,
            parse.GetValue(threads), parse.GetValue(json), cancellation), cancellation));
        return command;
    }

    private static int Run(CliConsole console, string? modelDir, string deviceName, int threads, bool json, CancellationToken cancellation)
    {
        var template = new InferenceSettings { IntraOpThreads = threads };
        var manager = new DeviceManager(template);
        IReadOnlyList<ProviderStatus> providers = manager.CheckAll();
        ExecutionDevice device = manager.Select(deviceName, measureThroughput: true);
        InferenceSettings settings = device.ToSettings(template);

        var models = new JsonArray();
        string? directory = null;
        string? warning = null;
        try
        {
            directory = ModelLocator.Directory(modelDir);
            ModelCatalog catalog = ModelCatalog.FromDirectory(directory);
            if (catalog.Models.Count == 0)
            {
                warning = $"no models in '{directory}'; pass --model-dir DIR to check other models";
            }

            foreach (ModelEntry model in catalog.Models)
            {
                cancellation.ThrowIfCancellationRequested();
                models.Add(Verdict(model, settings));
            }
        }
        catch (ModelLoadException e)
        {
            warning = e.Message;
        }

        if (json)
        {
            JsonReport.Write(console.Out, new JsonObject
            {
                ["command"] = "devices",
                ["exitCode"] = ExitCodes.Ok,
                ["providers"] = new JsonArray([.. providers.Select(p => (JsonNode)new JsonObject
                {
                    ["provider"] = p.Provider.ToString(),
                    ["available"] = p.Available,
                    ["reason"] = p.Reason,
                })]),
                ["device"] = JsonReport.Device(device),
                ["modelDirectory"] = directory,
                ["models"] = models,
                ["warning"] = warning,
            });
        }
        else
        {
            WriteText(console, providers, device, directory, models);
        }

        if (warning is not null)
        {
            console.Error.WriteLine($"warning: {warning}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Times the model's chunks in every latency mode from Low up and reports the shortest that keeps up.</summary>
    private static JsonObject Verdict(ModelEntry model, InferenceSettings settings)
    {
        try
        {
            using ChunkSession session = ChunkSession.Open(model, LatencyModes.Plan(LatencyMode.Low).TotalFrames, settings);
            (LatencyMode mode, double factor, bool capable) = RealtimeCapabilityCheck.Choose(LatencyMode.Low,
                m => RealtimeCapabilityCheck.MeasureRealTimeFactor(session, LatencyModes.Plan(m)));
            ChunkPlan plan = LatencyModes.Plan(mode);
            LatencyBudget latency = LatencyCalculator.Compute(ModelContract.SampleRate, 512, plan);
            return new JsonObject
            {
                ["model"] = model.Name,
                ["task"] = model.Manifest.Task,
                ["stems"] = new JsonArray([.. model.Manifest.Stems.Select(n => (JsonNode)n)]),
                ["realtime"] = capable,
                ["latencyMode"] = mode.ToString(),
                ["realTimeFactor"] = JsonReport.Number(factor),
                ["latencyMs"] = JsonReport.Number(1000.0 * latency.HostSamples / ModelContract.SampleRate),
            };
        }
        catch (Exception e) when (e is ModelLoadException or ExecutionProviderUnavailableException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return new JsonObject { ["model"] = model.Name, ["realtime"] = false, ["error"] = e.Message };
        }
    }

    private static void WriteText(CliConsole console, IReadOnlyList<ProviderStatus> providers, ExecutionDevice device, string? directory, JsonArray models)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        console.Out.WriteLine("Execution providers:");
        foreach (ProviderStatus p in providers)
        {
            console.Out.WriteLine($"  {p.Provider,-9} {(p.Available ? "available" : "unavailable: " + p.Reason)}");
        }

        console.Out.WriteLine($"Device: {device}");
        console.Out.WriteLine($"Models in {directory ?? "(no models directory)"}:");
        foreach (JsonNode? m in models)
        {
            if (m!["error"] is JsonNode error)
            {
                console.Out.WriteLine($"  {m["model"]}: cannot run ({error})");
                continue;
            }

            bool realtime = m["realtime"]!.GetValue<bool>();
            console.Out.WriteLine(string.Format(inv, "  {0}: {1} ({2} latency, {3:F0} ms at 44.1 kHz / 512-sample blocks, real-time factor {4:F2})",
                m["model"], realtime ? "real-time" : "offline only", m["latencyMode"],
                m["latencyMs"]?.GetValue<double>() ?? double.NaN, m["realTimeFactor"]?.GetValue<double>() ?? double.NaN));
        }
    }
}
