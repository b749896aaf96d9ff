using System.Diagnostics.CodeAnalysis;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;
using LocoformerVst.Vst3.State;

namespace LocoformerVst.Vst3.Processing;

/// <summary>
/// The object a host creates from the effect class: IComponent and IAudioProcessor on one object (hosts reach the
/// processor by querying the component), plus IConnectionPoint, IProcessContextRequirements and
/// IAudioPresentationLatency. Forwards the lifecycle to the plugin and owns the preallocated per-block state.
/// The thunks and vtables are in ProcessorComponent.Thunks.cs.
/// </summary>
internal sealed unsafe partial class ProcessorComponent : ComObject
{
    /// <summary>Largest maxSamplesPerBlock accepted in setupProcessing (scratch is preallocated at that size).</summary>
    public const int MaxSupportedBlockSize = 1 << 20;

    private readonly AudioPluginBase _plugin;
    private readonly Tuid _controllerCid;
    private readonly ConnectionPeer _peer = new();
    // Guards the host references used by both the UI thread and the restart notifier; never taken by process().
    private readonly Lock _hostLock = new();
    private void* _hostContext;
    private void* _hostApplication;
    private bool _initialized;
    private BlockContext? _block;
    private RestartNotifier? _notifier;

    public ProcessorComponent(AudioPluginBase plugin, Tuid controllerCid)
        : base([s_component, s_processor, s_connection, s_contextRequirements, s_presentationLatency])
    {
        _plugin = plugin;
        _controllerCid = controllerCid;
    }

    protected override int FindSlot(in Tuid iid)
    {
        if (iid == Iids.Component || iid == Iids.PluginBase)
            return 0;
        if (iid == Iids.AudioProcessor)
            return 1;
        if (iid == Iids.ConnectionPoint)
            return 2;
        if (iid == Iids.ProcessContextRequirements)
            return 3;
        return iid == Iids.AudioPresentationLatency ? 4 : -1;
    }

    protected override void OnFinalRelease()
    {
        Terminate();
        _peer.Release();
    }

    // ---- IPluginBase / IComponent ----------------------------------------------------------------------------------

    private int Initialize(void* context)
    {
        if (_initialized)
            return Result.False;
        if (context != null)
        {
            lock (_hostLock)
            {
                Unknown.AddRef(context);
                _hostContext = context;
                _hostApplication = Unknown.Query(context, Iids.HostApplication);
            }
        }
        _initialized = true;
        _plugin.Initialize();
        return Result.Ok;
    }

    private int Terminate()
    {
        if (!_initialized)
            return Result.Ok;
        SetActive(false);
        _initialized = false;
        try
        {
            _plugin.Terminate();
        }
        finally
        {
            lock (_hostLock)
            {
                Unknown.ReleaseAndClear(ref _hostApplication);
                Unknown.ReleaseAndClear(ref _hostContext);
            }
        }
        return Result.Ok;
    }

    private IReadOnlyList<AudioBus>? Buses(int mediaType, int direction) =>
        mediaType != Vst.MediaTypeAudio ? null : direction switch
        {
            (int)BusDirection.Input => _plugin.AudioInputs,
            (int)BusDirection.Output => _plugin.AudioOutputs,
            _ => null,
        };

    private int GetBusCount(int mediaType, int direction) => Buses(mediaType, direction)?.Count ?? 0;

    private int GetBusInfo(int mediaType, int direction, int index, BusInfo* info)
    {
        IReadOnlyList<AudioBus>? buses = Buses(mediaType, direction);
        if (info == null || buses is null || (uint)index >= (uint)buses.Count)
            return Result.InvalidArgument;
        AudioBus bus = buses[index];
        info->MediaType = Vst.MediaTypeAudio;
        info->Direction = direction;
        info->ChannelCount = bus.ChannelCount;
        TextFields.WriteUtf16(info->Name, Vst.String128Length, bus.Name);
        info->BusType = (int)bus.Type;
        info->Flags = bus.IsDefaultActive ? Vst.BusFlagDefaultActive : 0;
        return Result.Ok;
    }

    private int ActivateBus(int mediaType, int direction, int index, bool state)
    {
        IReadOnlyList<AudioBus>? buses = Buses(mediaType, direction);
        if (buses is null || (uint)index >= (uint)buses.Count)
            return Result.InvalidArgument;
        buses[index].IsActive = state;
        return Result.Ok;
    }

    private int SetActive(bool state)
    {
        if (state)
        {
            if (_block is not null)
                return Result.Ok;
            var block = new BlockContext(_plugin, _plugin.MaxBlockSize);
            _plugin.IsActive = true;
            try
            {
                _plugin.Activate();
            }
            catch
            {
                _plugin.IsActive = false;
                throw;
            }
            _block = block;
            _notifier = new RestartNotifier(DeliverRestartRequests, $"{_plugin.Name} restart notifier");
            return Result.Ok;
        }

        if (_block is null)
            return Result.Ok;
        _notifier?.Dispose();
        _notifier = null;
        _block = null;
        _plugin.IsActive = false;
        _plugin.Deactivate();
        // setActive runs on the UI thread, where calling the host is allowed: hand over what is still pending.
        DeliverRestartRequests();
        return Result.Ok;
    }

    private int SetState(void* stream)
    {
        if (stream == null)
            return Result.InvalidArgument;
        return PluginState.TryRead(_plugin, new HostStream(stream), out _) ? Result.Ok : Result.False;
    }

    private int GetState(void* stream)
    {
        if (stream == null)
            return Result.InvalidArgument;
        PluginState.Write(_plugin, new HostStream(stream));
        return Result.Ok;
    }

    // ---- IAudioProcessor -------------------------------------------------------------------------------------------

    private int SetBusArrangements(ulong* inputs, int inputCount, ulong* outputs, int outputCount)
    {
        if (!TryReadChannels(inputs, inputCount, _plugin.AudioInputs, out int[]? inputChannels)
            || !TryReadChannels(outputs, outputCount, _plugin.AudioOutputs, out int[]? outputChannels))
            return Result.False;
        if (_block is not null)
        {
            // Active: buffers are sized for the current counts. Confirming them is fine; changing them is refused,
            // and the plugin is not asked (setBusArrangements is an inactive-state call).
            return AudioBus.CountsMatch(_plugin.AudioInputs, inputChannels, static bus => bus.ChannelCount)
                   && AudioBus.CountsMatch(_plugin.AudioOutputs, outputChannels, static bus => bus.ChannelCount)
                ? Result.Ok
                : Result.False;
        }
        if (!_plugin.AcceptBusArrangements(Array.AsReadOnly(inputChannels), Array.AsReadOnly(outputChannels)))
            return Result.False; // nothing changed: the host reads back what the buses still have
        SetCounts(_plugin.AudioInputs, inputChannels);
        SetCounts(_plugin.AudioOutputs, outputChannels);
        return Result.Ok;
    }

    /// <summary>One channel count per declared bus, or false when the host names another number of buses or a layout
    /// the binding could not report back unchanged (see <see cref="SpeakerArrangement.TryGetChannelCount"/>).</summary>
    private static bool TryReadChannels(ulong* arrangements, int count, IReadOnlyList<AudioBus> buses,
        [NotNullWhen(true)] out int[]? channels)
    {
        channels = null;
        if (count != buses.Count || (count > 0 && arrangements == null))
            return false;
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (!SpeakerArrangement.TryGetChannelCount(arrangements[i], AudioBus.MaxChannelCount, out result[i]))
                return false;
        }
        channels = result;
        return true;
    }

    private static void SetCounts(IReadOnlyList<AudioBus> buses, int[] channels)
    {
        for (int i = 0; i < buses.Count; i++)
            buses[i].ChannelCount = channels[i];
    }

    private int GetBusArrangement(int direction, int index, ulong* arrangement)
    {
        IReadOnlyList<AudioBus>? buses = Buses(Vst.MediaTypeAudio, direction);
        if (arrangement == null || buses is null || (uint)index >= (uint)buses.Count)
            return Result.InvalidArgument;
        *arrangement = SpeakerArrangement.ForChannels(buses[index].ChannelCount);
        return Result.Ok;
    }

    private int SetupProcessing(ProcessSetup* setup)
    {
        if (setup == null)
            return Result.InvalidArgument;
        if (_block is not null)
            return Result.False; // only while inactive: buffers are sized from it at activation
        if (setup->SymbolicSampleSize != Vst.SampleSize32)
            return Result.False;
        if (setup->MaxSamplesPerBlock is < 1 or > MaxSupportedBlockSize || !double.IsFinite(setup->SampleRate)
            || setup->SampleRate <= 0 || setup->ProcessMode is < 0 or > 2)
            return Result.InvalidArgument;
        if (!_plugin.SupportsSampleRate(setup->SampleRate))
            return Result.False; // the previous setup stays in force
        _plugin.SampleRate = setup->SampleRate;
        _plugin.MaxBlockSize = setup->MaxSamplesPerBlock;
        _plugin.ProcessMode = (ProcessMode)setup->ProcessMode;
        return Result.Ok;
    }

    private int SetProcessing(bool state)
    {
        if (_block is null)
            return Result.False;
        if (state)
            _plugin.Reset();
        return Result.Ok;
    }

    // audio thread
    private int Process(ProcessData* data)
    {
        BlockContext? block = _block;
        if (block is null)
            return Result.NotInitialized;
        return data == null ? Result.InvalidArgument : block.Run(data);
    }

    // ---- restart requests (IConnectionPoint itself is _peer, called by the thunks) -----------------------------------

    /// <summary>Sends pending restart requests to the controller. Requests that cannot be sent yet (no connection or
    /// no host application to make the message) stay pending. Runs on the notifier or the UI thread, never in
    /// process().</summary>
    private void DeliverRestartRequests()
    {
        RestartFlags flags = _plugin.TakeRestartRequests();
        if (flags != RestartFlags.None && !TrySendRestart(flags))
            _plugin.AddRestartRequests(flags);
    }

    /// <summary>False only if the message could not be made or had nowhere to go; what the controller does with it
    /// (a controller without a component handler drops it) is not retried.</summary>
    private bool TrySendRestart(RestartFlags flags)
    {
        if (!_peer.IsConnected)
            return false;
        MessageRef message;
        lock (_hostLock)
            message = _hostApplication == null ? default : new HostApplicationRef(_hostApplication).CreateMessage();
        if (message.IsNull)
            return false;
        try
        {
            message.SetId(RestartMessage.Id);
            AttributeListRef attributes = message.Attributes;
            if (attributes.IsNull || attributes.SetInt(RestartMessage.FlagsKey, (long)flags) != Result.Ok)
                return false;
            _peer.Notify(message);
            return true;
        }
        finally
        {
            message.Release();
        }
    }
}
