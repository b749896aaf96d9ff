using System.Buffers.Binary;
using System.Globalization;

namespace LocoformerVst.Vst3.TestPlugin;

/// <summary>
/// The test plugin: main out = gain × input delayed by the selected latency (delayed dry input when bypassed), aux
/// "Residual" out = delayed input − main out, so main + aux always equals the delayed input. Meters the main output
/// peak and reports the process mode through read-only parameters; asks for a restart when the latency selection
/// changes, and takes the new delay at the next activation.
/// </summary>
public sealed class GainDelayPlugin : AudioPluginBase
{
    public const uint GainId = 0;
    public const uint LatencyId = 1;
    public const uint BypassId = 2;
    public const uint PeakId = 3;
    public const uint ModeId = 4;

    /// <summary>The delays the Latency parameter selects, by list index.</summary>
    public static readonly int[] LatencyChoices = [0, 1, 100, 1000, 4410];

    private static ReadOnlySpan<byte> StateMagic => "GDLY"u8;
    private const int StateVersion = 1;

    private readonly AudioBus _input;
    private readonly AudioBus _output;
    private readonly AudioBus _residual;
    private readonly Parameter _gain;
    private readonly Parameter _latency;
    private readonly Parameter _bypass;
    private readonly Parameter _peak;
    private readonly Parameter _mode;
    private DelayLine? _delay;
    private int _requestedLatency;

    public GainDelayPlugin()
    {
        _input = AddAudioInput("Main In", 2);
        _output = AddAudioOutput("Main Out", 2);
        _residual = AddAudioOutput("Residual", 2, BusType.Aux);
        _gain = AddParameter(new ParameterSpec
        {
            Id = GainId, Title = "Gain", Units = "dB", Min = -24, Max = 12, Default = 0,
            Formatter = db => db.ToString("0.0", CultureInfo.InvariantCulture),
        });
        _latency = AddParameter(new ParameterSpec
        {
            Id = LatencyId, Title = "Latency", Units = "samples", Default = 3, CanAutomate = false,
            ValueNames = Array.ConvertAll(LatencyChoices, n => n.ToString(CultureInfo.InvariantCulture)),
        });
        _bypass = AddParameter(new ParameterSpec { Id = BypassId, Title = "Bypass", IsBypass = true });
        _peak = AddParameter(new ParameterSpec { Id = PeakId, Title = "Output peak", IsReadOnly = true });
        _mode = AddParameter(new ParameterSpec
        {
            Id = ModeId, Title = "Process mode", IsReadOnly = true, ValueNames = ["Realtime", "Prefetch", "Offline"],
        });
    }

    public override string Company => "LocoformerVst";
    public override string Name => "LocoformerVst Test Gain";
    public override Guid ProcessorClassId => new("B77A1A28-7990-4488-B247-B35518DF3E78");
    public override Guid ControllerClassId => new("B83E0930-3F8C-42B6-9E2A-B5605B0BE589");
    public override string Version => "0.1.0";
    public override string Url => "https://example.invalid/locoformervst";
    public override string SubCategories => "Fx|Tools";
    public override int TailSamples => LatencySamples;

    private int SelectedLatency => LatencyChoices[(int)_latency.Value];

    protected override void Activate()
    {
        _delay ??= new DelayLine(_input.ChannelCount, LatencyChoices[^1]);
        _delay.Configure(SelectedLatency);
        LatencySamples = _delay.Delay;
        _requestedLatency = LatencySamples;
    }

    protected override void Reset() => _delay?.Clear();

    // audio thread
    public override void Process(ProcessBlock block)
    {
        DelayLine delay = _delay!;
        BusBuffers input = block.Input(_input);
        BusBuffers output = block.Output(_output);
        BusBuffers residual = block.Output(_residual);
        float peak = 0;
        foreach (ProcessSegment segment in block.Segments)
        {
            bool bypassed = _bypass.NormalizedValue >= 0.5;
            float gain = bypassed ? 1f : (float)Math.Pow(10, _gain.Value / 20);
            for (int c = 0; c < output.ChannelCount; c++)
            {
                Span<float> main = output[c].Slice(segment.Start, segment.Length);
                Span<float> aux = residual[c].Slice(segment.Start, segment.Length);
                delay.Process(c, input[c].Slice(segment.Start, segment.Length), main);
                for (int i = 0; i < main.Length; i++)
                {
                    float dry = main[i];
                    float wet = gain * dry;
                    main[i] = wet;
                    aux[i] = dry - wet;
                    peak = Math.Max(peak, Math.Abs(wet));
                }
            }
        }
        block.SetOutputParameter(_peak, Math.Min(peak, 1f));
        block.SetOutputParameter(_mode, _mode.ToNormalized((int)ProcessMode));

        // The delay changes only at activation; until then ask (once per new value) for the host to restart us.
        int wanted = SelectedLatency;
        if (wanted != _requestedLatency)
        {
            _requestedLatency = wanted;
            RequestRestart(RestartFlags.LatencyChanged);
        }
    }

    protected override void SaveState(Stream output)
    {
        Span<byte> bytes = stackalloc byte[8];
        StateMagic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], StateVersion);
        output.Write(bytes);
    }

    protected override void RestoreState(Stream input)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (input.Read(bytes) != bytes.Length || !bytes[..4].SequenceEqual(StateMagic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != StateVersion)
            throw new InvalidDataException($"{Name}: plugin state must be \"GDLY\" version {StateVersion}.");
    }
}
