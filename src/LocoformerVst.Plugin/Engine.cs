using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Streaming;

namespace LocoformerVst.Plugin;

/// <summary>
/// One activation's engine: the prepared separator, the stem routing of its model, the planar scratch buffers that
/// bridge the host's per-channel pointers to the separator's strided layout, and what the status parameters show.
/// A failed activation is an engine too, without a separator: it passes audio through with zero latency.
/// </summary>
internal sealed class Engine : IDisposable
{
    private Engine(EngineStatus status, string message)
    {
        Status = status;
        Message = message;
    }

    public EngineStatus Status { get; }

    /// <summary>What happened, for the host's log (model name and device, or why nothing runs).</summary>
    public string Message { get; }

    public RealtimeSeparator? Separator { get; private init; }
    public StemRouting? Routing { get; private init; }

    /// <summary>For aux bus b (0 = Vocals .. 4 = FX), the model stem that feeds it, or -1 (silent).</summary>
    public int[] StemOfBus { get; private init; } = [-1, -1, -1, -1, -1];

    public int StemCount { get; private init; }

    /// <summary>Channels of every bus this engine serves: 1 (mono) or 2 (stereo); the buffers below are planar with
    /// this many channels of <see cref="MaxBlock"/> samples (aux: per stem).</summary>
    public int Channels { get; private init; }

    public int MaxBlock { get; private init; }
    public float[] Input { get; private init; } = [];
    public float[] Output { get; private init; } = [];
    public float[] Aux { get; private init; } = [];
    public bool Capable { get; private init; }
    public double RealTimeFactor { get; private init; }
    public double LatencyMilliseconds { get; private init; }
    public int LatencySamples { get; private init; }
    public DeviceCode Device { get; private init; }

    /// <summary>The request this engine was prepared for, with the model file it chose.</summary>
    private (EngineRequest Request, string ModelPath)? Key { get; init; }

    /// <summary>Prepares an engine for <paramref name="request"/>. Reuses <paramref name="previous"/> (cleared) when
    /// it was prepared for the same request and model, and disposes it otherwise. Never throws.</summary>
    public static Engine Start(EngineRequest request, Engine? previous)
    {
        ModelChoiceResult? choice;
        try
        {
            if (PluginLocation.OrtBindingError is { } ortError)
                throw new InvalidOperationException($"ONNX Runtime could not be bound to the bundled library: {ortError}");
            ModelCatalog catalog = ModelCatalog.Discover(PluginLocation.ModelDirectoryOverride, PluginLocation.BinaryDirectory);
            choice = ModelChooser.Choose(catalog, request.Mode, request.Model, request.Settings.PinnedModel);
            if (choice is null)
            {
                previous?.Dispose();
                return new Engine(EngineStatus.NoModel, $"no models in '{catalog.Directory}'; passing audio through");
            }
        }
        catch (ModelLoadException e)
        {
            previous?.Dispose();
            return new Engine(EngineStatus.NoModel, e.Message + "; passing audio through");
        }
        catch (Exception e)
        {
            previous?.Dispose();
            return new Engine(EngineStatus.LoadFailed, e.Message + "; passing audio through");
        }

        if (previous?.Key is { } key && key.Request == request && key.ModelPath == choice.Model.OnnxPath && previous.Separator is { } reused)
        {
            reused.Reset();
            return previous;
        }

        previous?.Dispose();
        return Prepare(request, choice);
    }

    private static Engine Prepare(EngineRequest request, ModelChoiceResult choice)
    {
        var separator = new RealtimeSeparator();
        try
        {
            var routing = new StemRouting(choice.Model.Manifest);
            ExecutionDevice device = new DeviceManager().Select(
                request.Settings.Device == DevicePreference.CpuOnly ? ExecutionProvider.Cpu : null, measureThroughput: false);
            CapabilityReport report = separator.Prepare(new SeparatorSetup
            {
                HostSampleRate = request.SampleRate,
                MaxBlockSize = request.MaxBlockSize,
                Channels = request.Channels,
                Model = choice.Model,
                LatencyMode = request.Latency,
                MainMix = routing.MainMix(request.Mode, request.Stem),
                AuxStems = choice.Model.Manifest.Stems.Count,
                Device = device,
                // Offline renders never need to keep up, and must keep exactly the latency the user chose.
                MeasureCapability = !request.Offline,
            });
            int stems = choice.Model.Manifest.Stems.Count;
            int[] stemOfBus = [-1, -1, -1, -1, -1];
            for (int s = stems - 1; s >= 0; s--)
            {
                if (routing.AuxBusOfStem[s] >= 0)
                    stemOfBus[routing.AuxBusOfStem[s]] = s;
            }

            string standIn = choice.IsStandIn ? $" standing in for '{choice.WantedName}', which this bundle lacks" : "";
            return new Engine(choice.IsStandIn ? EngineStatus.RunningStandIn : EngineStatus.Running,
                $"model '{choice.Model.Name}'{standIn}; {report}")
            {
                Separator = separator,
                Routing = routing,
                StemOfBus = stemOfBus,
                StemCount = stems,
                Channels = request.Channels,
                MaxBlock = request.MaxBlockSize,
                Input = new float[request.Channels * request.MaxBlockSize],
                Output = new float[request.Channels * request.MaxBlockSize],
                Aux = new float[stems * request.Channels * request.MaxBlockSize],
                Capable = report.Capable,
                RealTimeFactor = double.IsFinite(report.RealTimeFactor) ? report.RealTimeFactor : 0,
                LatencyMilliseconds = report.LatencyMilliseconds,
                LatencySamples = separator.LatencySamples,
                Device = report.Provider switch
                {
                    ExecutionProvider.Cuda => DeviceCode.Cuda,
                    ExecutionProvider.DirectML => DeviceCode.DirectML,
                    ExecutionProvider.CoreML => DeviceCode.CoreML,
                    _ => DeviceCode.Cpu,
                },
                Key = (request, choice.Model.OnnxPath),
            };
        }
        catch (Exception e)
        {
            separator.Dispose();
            return new Engine(EngineStatus.LoadFailed, $"model '{choice.Model.Name}' failed to load: {e.Message}; passing audio through");
        }
    }

    public void Dispose() => Separator?.Dispose();
}
