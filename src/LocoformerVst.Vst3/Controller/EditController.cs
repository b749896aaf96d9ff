using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;
using LocoformerVst.Vst3.Processing;
using LocoformerVst.Vst3.State;

namespace LocoformerVst.Vst3.Controller;

/// <summary>
/// The edit controller: a separate object (its own class ID, reached through getControllerClassId) holding a mirror of
/// the plugin's parameters for the host's generic UI and automation lanes. It learns the processor's values from
/// setComponentState and passes the processor's restart requests (an IMessage over IConnectionPoint) on to the host's
/// IComponentHandler. A host that never connects the two still gets a working controller; only those requests are lost.
/// The thunks and vtables are in EditController.Thunks.cs.
/// </summary>
internal sealed unsafe partial class EditController : ComObject
{
    private readonly AudioPluginBase _plugin;
    private readonly ConnectionPeer _peer = new();
    // Guards the component handler: set on the UI thread, used by restart messages from the processor's thread.
    private readonly Lock _hostLock = new();
    private void* _handler;

    public EditController(AudioPluginBase plugin) : base([s_controller, s_connection])
    {
        _plugin = plugin;
    }

    protected override int FindSlot(in Tuid iid)
    {
        if (iid == Iids.EditController || iid == Iids.PluginBase)
            return 0;
        return iid == Iids.ConnectionPoint ? 1 : -1;
    }

    protected override void OnFinalRelease() => Terminate();

    private int Terminate()
    {
        lock (_hostLock)
            Unknown.ReleaseAndClear(ref _handler);
        _peer.Release();
        return Result.Ok;
    }

    private Parameter? ParameterAt(int index) =>
        (uint)index < (uint)_plugin.Parameters.Count ? _plugin.Parameters[index] : null;

    private int SetComponentState(void* stream)
    {
        if (stream == null)
            return Result.InvalidArgument;
        return PluginState.TryRead(_plugin, new HostStream(stream), out _) ? Result.Ok : Result.False;
    }

    private int GetParameterInfo(int index, ParameterInfo* info)
    {
        if (info == null || ParameterAt(index) is not { } p)
            return Result.InvalidArgument;
        info->Id = p.Id;
        TextFields.WriteUtf16(info->Title, Vst.String128Length, p.Title);
        TextFields.WriteUtf16(info->ShortTitle, Vst.String128Length, p.ShortTitle);
        TextFields.WriteUtf16(info->Units, Vst.String128Length, p.Units);
        info->StepCount = p.StepCount;
        info->DefaultNormalizedValue = p.DefaultNormalized;
        info->UnitId = Vst.RootUnitId;
        info->Flags = (int)p.Flags;
        return Result.Ok;
    }

    private int GetParamStringByValue(uint id, double normalized, char* text)
    {
        if (text == null || !_plugin.TryGetParameter(id, out Parameter? p))
            return Result.InvalidArgument;
        TextFields.WriteUtf16(text, Vst.String128Length, p.Format(normalized));
        return Result.Ok;
    }

    private int GetParamValueByString(uint id, char* text, double* normalized)
    {
        if (text == null || normalized == null || !_plugin.TryGetParameter(id, out Parameter? p))
            return Result.InvalidArgument;
        if (!p.TryParse(TextFields.ReadUtf16(text), out double value))
            return Result.False;
        *normalized = value;
        return Result.Ok;
    }

    private double NormalizedToPlain(uint id, double normalized) =>
        _plugin.TryGetParameter(id, out Parameter? p) ? p.ToPlain(normalized) : 0;

    private double PlainToNormalized(uint id, double plain) =>
        _plugin.TryGetParameter(id, out Parameter? p) ? p.ToNormalized(plain) : 0;

    private double GetParamNormalized(uint id) =>
        _plugin.TryGetParameter(id, out Parameter? p) ? p.NormalizedValue : 0;

    private int SetParamNormalized(uint id, double normalized)
    {
        if (!_plugin.TryGetParameter(id, out Parameter? p) || !double.IsFinite(normalized))
            return Result.InvalidArgument;
        p.NormalizedValue = normalized;
        return Result.Ok;
    }

    private int SetComponentHandler(void* handler)
    {
        lock (_hostLock)
        {
            if (handler == _handler)
                return Result.Ok;
            if (handler != null)
                Unknown.AddRef(handler);
            Unknown.ReleaseAndClear(ref _handler);
            _handler = handler;
        }
        return Result.Ok;
    }

    /// <summary>A restart request from the processor: forwarded to the host as restartComponent.</summary>
    private int Notify(void* message)
    {
        if (message == null)
            return Result.InvalidArgument;
        var received = new MessageRef(message);
        if (received.Id != RestartMessage.IdText)
            return Result.False;
        AttributeListRef attributes = received.Attributes;
        if (attributes.IsNull || !attributes.TryGetInt(RestartMessage.FlagsKey, out long flags))
            return Result.InvalidArgument;
        lock (_hostLock)
        {
            if (_handler == null)
                return Result.False;
            return new ComponentHandlerRef(_handler).RestartComponent((RestartFlags)flags);
        }
    }
}
