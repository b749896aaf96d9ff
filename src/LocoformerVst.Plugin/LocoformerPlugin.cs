using LocoformerVst.Streaming;
using LocoformerVst.Vst3;

namespace LocoformerVst.Plugin;

/// <summary>
/// The product plugin: stereo (or, on a mono track, mono) in, the selected result on the main output and every stem on
/// its own aux output, computed by the streaming separator with a latency the host compensates. Activation prepares
/// the engine (model, channel count, capability check, latency); the audio thread only moves samples and reads
/// parameters.
/// </summary>
public sealed class LocoformerPlugin : AudioPluginBase
{
    private readonly AudioBus _input;
    private readonly AudioBus _output;
    private readonly AudioBus[] _aux;
    private readonly Parameter _mode, _stem, _model, _latency, _mix, _gain, _bypass;
    private readonly Parameter _status, _capable, _rtf, _latencyMs, _underruns, _device;
    private PluginSettings _settings = new();
    private Engine? _engine;
    private EngineRequest? _activeRequest;
    private int _mainMixKey = -1;
    private bool _restartRequested;

    public LocoformerPlugin()
    {
        _input = AddAudioInput("Main In", 2);
        _output = AddAudioOutput("Main Out", 2);
        _aux = [.. LocoformerParameters.StemNames.Take(StemRouting.AuxStemNames.Length)
            .Select(name => AddAudioOutput(name, 2, BusType.Aux))];
        var byId = LocoformerParameters.Specs().ToDictionary(s => s.Id, AddParameter);
        (_mode, _stem, _model, _latency) = (byId[LocoformerParameters.Mode], byId[LocoformerParameters.Stem],
            byId[LocoformerParameters.Model], byId[LocoformerParameters.Latency]);
        (_mix, _gain, _bypass) = (byId[LocoformerParameters.Mix], byId[LocoformerParameters.OutputGain], byId[LocoformerParameters.Bypass]);
        (_status, _capable, _rtf) = (byId[LocoformerParameters.Status], byId[LocoformerParameters.RealtimeCapable],
            byId[LocoformerParameters.RealTimeFactor]);
        (_latencyMs, _underruns, _device) = (byId[LocoformerParameters.LatencyMs], byId[LocoformerParameters.Underruns],
            byId[LocoformerParameters.Device]);
    }

    public override string Company => "LocoformerVst";
    public override string Name => "LocoformerVst";
    public override Guid ProcessorClassId => new("5C1B2A1E-3D0F-4E8A-9B6C-7A24D1E0F317");
    public override Guid ControllerClassId => new("A9E47C02-61B5-4F3D-8E1A-2C9D0B7F4E65");
    public override string Version => "0.1.0";
    public override string SubCategories => "Fx|Restoration";

    /// <summary>The plugin's non-parameter settings (device preference, pinned model); applied at the next activation.</summary>
    public PluginSettings Settings { get => Volatile.Read(ref _settings); set => Volatile.Write(ref _settings, value ?? new()); }

    /// <summary>What the engine reports after activation: the model and device in use, or why audio passes through.</summary>
    public string StatusMessage => _engine?.Message ?? "inactive";

    public EngineStatus Status => _engine?.Status ?? EngineStatus.Inactive;

    private PluginMode Mode => (PluginMode)(int)_mode.Value;
    private StemChoice Stem => (StemChoice)(int)_stem.Value;

    /// <summary>The separator's resamplers cover 22.05 to 384 kHz; other rates are refused in setupProcessing.</summary>
    protected override bool SupportsSampleRate(double sampleRate) => SeparatorSetup.SupportsHostSampleRate(sampleRate);

    /// <summary>Stereo, or mono for a mono track: main in and main out both 1 or both 2 channels, and every stem bus
    /// like the main output, so a stem bus never needs its own up- or down-mix. Anything mixed (mono in, stereo out)
    /// is refused and the buses keep what they had. The separator runs the stereo model on a mono signal by feeding it
    /// to both model channels and averaging the two results.</summary>
    protected override bool AcceptBusArrangements(IReadOnlyList<int> inputChannels, IReadOnlyList<int> outputChannels)
    {
        if (inputChannels.Count != 1 || outputChannels.Count != 1 + _aux.Length)
            return false;
        int channels = inputChannels[0];
        if (channels is not (1 or 2))
            return false;
        foreach (int count in outputChannels)
        {
            if (count != channels)
                return false;
        }
        return true;
    }

    protected override void Activate()
    {
        var request = new EngineRequest(
            (int)Math.Round(SampleRate), MaxBlockSize, _input.ChannelCount, ProcessMode == Vst3.ProcessMode.Offline, Mode, Stem,
            (ModelChoice)(int)_model.Value, (LatencyMode)(int)_latency.Value, Settings);
        _engine = Engine.Start(request, _engine);
        _activeRequest = request;
        _mainMixKey = MainMixKey(request.Mode, request.Stem);
        _restartRequested = false;
        LatencySamples = _engine.LatencySamples;
        if (_engine.Separator is null || Environment.GetEnvironmentVariable("LOCOFORMER_VERBOSE") == "1")
            Console.Error.WriteLine($"LocoformerVst: {_engine.Message}");
    }

    protected override void Terminate()
    {
        _engine?.Dispose();
        _engine = null;
    }

    // audio thread
    public override void Process(ProcessBlock block)
    {
        Engine? engine = _engine;
        BusBuffers input = block.Input(_input);
        BusBuffers output = block.Output(_output);
        if (engine?.Separator is not RealtimeSeparator separator)
        {
            PassThrough(block, input, output);
        }
        else
        {
            foreach (ProcessSegment segment in block.Segments)
                ProcessSegment(block, engine, separator, input, output, segment);
        }

        ReportStatus(block, engine);
        RequestRestartIfNeeded();
    }

    protected override void SaveState(Stream output) => Settings.Write(output);

    protected override void RestoreState(Stream input)
    {
        // A state without plugin bytes (hand-made, or from a tool that only sets parameters) keeps the settings' defaults.
        Settings = input.Length == 0 ? new PluginSettings() : PluginSettings.Read(input);
    }

    private void ProcessSegment(ProcessBlock block, Engine engine, RealtimeSeparator separator, BusBuffers input,
        BusBuffers output, ProcessSegment segment)
    {
        // audio thread
        int mixKey = MainMixKey(Mode, Stem);
        if (mixKey != _mainMixKey && _activeRequest is not null)
        {
            // A prepared StemMix published with one atomic exchange: no allocation, no lock (see StemRouting).
            _mainMixKey = mixKey;
            separator.SetMainMix(engine.Routing!.MainMix(Mode, Stem));
        }

        separator.Mix = (float)(_mix.Value / 100);
        separator.OutputGain = (float)Math.Pow(10, _gain.Value / 20);
        separator.Bypass = _bypass.NormalizedValue >= 0.5;

        // The engine was prepared for the buses' channel count at this activation, so every bus has engine.Channels.
        int channels = engine.Channels;
        int stride = engine.MaxBlock;
        int n = segment.Length;
        for (int c = 0; c < channels; c++)
            input[c].Slice(segment.Start, n).CopyTo(engine.Input.AsSpan(c * stride, n));
        separator.Process(engine.Input, stride, engine.Output, stride, engine.Aux, stride, n, (HostProcessMode)(int)block.Mode);
        for (int c = 0; c < channels; c++)
            engine.Output.AsSpan(c * stride, n).CopyTo(output[c].Slice(segment.Start, n));

        for (int bus = 0; bus < _aux.Length; bus++)
        {
            BusBuffers aux = block.Output(_aux[bus]);
            int stem = engine.StemOfBus[bus];
            for (int c = 0; c < channels; c++)
            {
                Span<float> destination = aux[c].Slice(segment.Start, n);
                if (stem < 0)
                    destination.Clear();
                else
                    engine.Aux.AsSpan((stem * channels + c) * stride, n).CopyTo(destination);
            }
        }
    }

    private void PassThrough(ProcessBlock block, BusBuffers input, BusBuffers output)
    {
        // audio thread: no engine (no model, or it failed): the input, unchanged and undelayed (latency 0)
        for (int c = 0; c < output.ChannelCount; c++)
        {
            if (c < input.ChannelCount)
                input[c].CopyTo(output[c]);
            else
                output[c].Clear();
        }
        foreach (AudioBus bus in _aux)
        {
            BusBuffers aux = block.Output(bus);
            for (int c = 0; c < aux.ChannelCount; c++)
                aux[c].Clear();
        }
    }

    private void ReportStatus(ProcessBlock block, Engine? engine)
    {
        // audio thread
        EngineStatus status = engine?.Status ?? EngineStatus.Inactive;
        block.SetOutputParameter(_status, _status.ToNormalized((int)status));
        block.SetOutputParameter(_capable, engine is { Capable: true, Separator: not null } ? 1 : 0);
        block.SetOutputParameter(_rtf, _rtf.ToNormalized(engine?.RealTimeFactor ?? 0));
        block.SetOutputParameter(_latencyMs, _latencyMs.ToNormalized(engine?.LatencyMilliseconds ?? 0));
        block.SetOutputParameter(_underruns, _underruns.ToNormalized(engine?.Separator?.Underruns ?? 0));
        block.SetOutputParameter(_device, _device.ToNormalized((int)(engine?.Device ?? DeviceCode.None)));
    }

    /// <summary>Latency, model and the Clean mode (which may need another model) change only at an activation:
    /// ask the host, once per change, to restart us. // audio thread</summary>
    private void RequestRestartIfNeeded()
    {
        EngineRequest? active = _activeRequest;
        if (active is null || _restartRequested)
            return;
        bool changed = (int)_latency.Value != (int)active.Latency || (int)_model.Value != (int)active.Model
            || (Mode == PluginMode.Clean) != (active.Mode == PluginMode.Clean)
            || !ReferenceEquals(Settings, active.Settings);
        if (changed)
        {
            _restartRequested = true;
            RequestRestart(RestartFlags.LatencyChanged);
        }
    }

    private static int MainMixKey(PluginMode mode, StemChoice stem) => (int)mode * 16 + (int)stem;
}
