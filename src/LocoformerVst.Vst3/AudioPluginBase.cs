using System.Diagnostics.CodeAnalysis;

namespace LocoformerVst.Vst3;

/// <summary>
/// What a plugin author writes: one class that declares its identity, buses and parameters in its constructor and
/// implements <see cref="Process"/>. The binding creates one instance per processor (<see cref="PluginRole.Processor"/>)
/// and one per edit controller (<see cref="PluginRole.Controller"/>), so the constructor must stay cheap: allocate DSP
/// memory in <see cref="Activate"/>, where sample rate and block size are known.
/// </summary>
public abstract class AudioPluginBase
{
    private readonly List<AudioBus> _inputs = [];
    private readonly List<AudioBus> _outputs = [];
    private readonly List<Parameter> _parameters = [];
    private readonly Dictionary<uint, Parameter> _parametersById = [];
    private int _pendingRestart;

    // ---- identity -------------------------------------------------------------------------------------------------

    public abstract string Company { get; }
    public abstract string Name { get; }

    /// <summary>Class ID of the processor (IComponent); generate once, never change: projects refer to it.</summary>
    public abstract Guid ProcessorClassId { get; }

    /// <summary>Class ID of the edit controller; generate once, never change.</summary>
    public abstract Guid ControllerClassId { get; }

    public virtual string Version => "1.0.0";
    public virtual string Url => "";
    public virtual string Email => "";

    /// <summary>VST3 sub-categories joined by '|', e.g. "Fx|Restoration".</summary>
    public virtual string SubCategories => "Fx";

    // ---- declaration (constructor only) ----------------------------------------------------------------------------

    protected AudioBus AddAudioInput(string name, int channelCount, BusType type = BusType.Main) =>
        AddBus(_inputs, name, channelCount, type, BusDirection.Input);

    protected AudioBus AddAudioOutput(string name, int channelCount, BusType type = BusType.Main) =>
        AddBus(_outputs, name, channelCount, type, BusDirection.Output);

    protected Parameter AddParameter(ParameterSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_parametersById.ContainsKey(spec.Id))
            throw new ArgumentException($"Parameter ID {spec.Id} is used twice ('{spec.Title}').", nameof(spec));
        if (spec.IsBypass && BypassParameter is not null)
            throw new ArgumentException(
                $"'{spec.Title}' is a second bypass parameter; a plugin has exactly one ('{BypassParameter.Title}').",
                nameof(spec));
        var parameter = new Parameter(spec, _parameters.Count);
        _parameters.Add(parameter);
        _parametersById.Add(parameter.Id, parameter);
        if (parameter.IsBypass)
            BypassParameter = parameter;
        return parameter;
    }

    public IReadOnlyList<AudioBus> AudioInputs => _inputs;
    public IReadOnlyList<AudioBus> AudioOutputs => _outputs;
    public IReadOnlyList<Parameter> Parameters => _parameters;
    public Parameter? BypassParameter { get; private set; }

    public bool TryGetParameter(uint id, [NotNullWhen(true)] out Parameter? parameter) =>
        _parametersById.TryGetValue(id, out parameter);

    // ---- runtime facts (set by the binding) -----------------------------------------------------------------------

    public PluginRole Role { get; internal set; }

    /// <summary>From setupProcessing; fixed while active.</summary>
    public double SampleRate { get; internal set; } = 44100;

    /// <summary>Largest block the host will pass (setupProcessing); fixed while active.</summary>
    public int MaxBlockSize { get; internal set; } = 1024;

    /// <summary>The mode setupProcessing announced; <see cref="ProcessBlock.Mode"/> may switch realtime ↔ prefetch.</summary>
    public ProcessMode ProcessMode { get; internal set; }

    public bool IsActive { get; internal set; }

    /// <summary>Group delay the host compensates (getLatencySamples). Set it in <see cref="Activate"/>; to change it
    /// later, change what it depends on and call <see cref="RequestRestart"/> with
    /// <see cref="RestartFlags.LatencyChanged"/>: the host then deactivates and reactivates.</summary>
    public int LatencySamples { get; protected set; }

    /// <summary>Samples of output after the input stops (getTailSamples); 0 = none.</summary>
    public virtual int TailSamples => 0;

    /// <summary>What the host says the output reaches the speakers after (IAudioPresentationLatency), in samples.</summary>
    public int OutputPresentationLatencySamples { get; internal set; }

    // ---- hooks ------------------------------------------------------------------------------------------------------

    /// <summary>setupProcessing asks this before taking a rate: false answers kResultFalse, so the host knows up front
    /// (instead of the plugin activating and then failing). Not called on the audio thread.</summary>
    protected internal virtual bool SupportsSampleRate(double sampleRate) => true;

    /// <summary>setBusArrangements asks this, only while inactive, whether to take the host's channel counts: one
    /// entry per declared bus, in bus order (the binding has already refused requests with another number of buses or
    /// layouts other than mono, stereo or n plain channels). True answers kResultOk and every bus takes its count
    /// (<see cref="AudioBus.ChannelCount"/>, which getBusInfo and getBusArrangement report from then on and
    /// <see cref="ProcessBlock"/> has from the next activation); false answers kResultFalse and nothing changes, so the host reads back what the buses
    /// have. The default accepts exactly the declared counts. Override it to take, for example, mono as well as
    /// stereo, and size DSP state from the buses' counts in <see cref="Activate"/>. Not called on the audio
    /// thread.</summary>
    protected internal virtual bool AcceptBusArrangements(IReadOnlyList<int> inputChannels, IReadOnlyList<int> outputChannels) =>
        AudioBus.CountsMatch(_inputs, inputChannels, static bus => bus.DeclaredChannelCount)
        && AudioBus.CountsMatch(_outputs, outputChannels, static bus => bus.DeclaredChannelCount);

    /// <summary>IComponent.initialize (processor only); may run again after <see cref="Terminate"/>.</summary>
    protected internal virtual void Initialize()
    {
    }

    protected internal virtual void Terminate()
    {
    }

    /// <summary>setActive(true): allocate everything process needs here (rate, block size and mode are known).</summary>
    protected internal virtual void Activate()
    {
    }

    protected internal virtual void Deactivate()
    {
    }

    /// <summary>setProcessing(true): clear delay lines and meters. May run on the audio thread: no allocation.</summary>
    protected internal virtual void Reset()
    {
    }

    /// <summary>The audio callback. // audio thread: no allocation, locks, logging or exceptions.</summary>
    public abstract void Process(ProcessBlock block);

    /// <summary>Writes plugin data beyond the parameter values, which the binding already saves.</summary>
    protected internal virtual void SaveState(Stream output)
    {
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote. Validate before changing anything and throw
    /// <see cref="InvalidDataException"/> on bad data: the whole state is then rejected and nothing applied.
    /// Runs on the controller's instance too (<see cref="Role"/> tells which).</summary>
    protected internal virtual void RestoreState(Stream input)
    {
    }

    /// <summary>Asks the host (through the controller) to reload what <paramref name="flags"/> names. Safe on any
    /// thread, the audio thread included: it only sets bits that a background thread delivers.</summary>
    protected void RequestRestart(RestartFlags flags) => AddRestartRequests(flags);

    internal void AddRestartRequests(RestartFlags flags) => Interlocked.Or(ref _pendingRestart, (int)flags);

    internal RestartFlags TakeRestartRequests() => (RestartFlags)Interlocked.Exchange(ref _pendingRestart, 0);

    private AudioBus AddBus(List<AudioBus> buses, string name, int channelCount, BusType type, BusDirection direction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (channelCount is < 1 or > AudioBus.MaxChannelCount)
            throw new ArgumentOutOfRangeException(nameof(channelCount), channelCount,
                $"Bus '{name}': a bus has 1 to {AudioBus.MaxChannelCount} channels.");
        if (type == BusType.Main && buses.Count > 0)
            throw new ArgumentException(
                $"Bus '{name}': the main {direction.ToString().ToLowerInvariant()} bus must be declared first; " +
                "later buses are aux.", nameof(type));
        var bus = new AudioBus(name, channelCount, type, direction, buses.Count);
        buses.Add(bus);
        return bus;
    }
}
