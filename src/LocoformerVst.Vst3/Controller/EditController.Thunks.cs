using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Controller;

// The host-facing entry points of EditController: static vtables built once and catch-all thunks.
internal sealed unsafe partial class EditController
{
    private static readonly nint s_controller = CreateVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&InitializeThunk,
        (nint)(delegate* unmanaged<void*, int>)&TerminateThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetComponentStateThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetStateThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&GetStateThunk,
        (nint)(delegate* unmanaged<void*, int>)&GetParameterCountThunk,
        (nint)(delegate* unmanaged<void*, int, ParameterInfo*, int>)&GetParameterInfoThunk,
        (nint)(delegate* unmanaged<void*, uint, double, char*, int>)&GetParamStringByValueThunk,
        (nint)(delegate* unmanaged<void*, uint, char*, double*, int>)&GetParamValueByStringThunk,
        (nint)(delegate* unmanaged<void*, uint, double, double>)&NormalizedParamToPlainThunk,
        (nint)(delegate* unmanaged<void*, uint, double, double>)&PlainParamToNormalizedThunk,
        (nint)(delegate* unmanaged<void*, uint, double>)&GetParamNormalizedThunk,
        (nint)(delegate* unmanaged<void*, uint, double, int>)&SetParamNormalizedThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetComponentHandlerThunk,
        (nint)(delegate* unmanaged<void*, byte*, void*>)&CreateViewThunk);

    private static readonly nint s_connection = CreateVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&ConnectThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&DisconnectThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&NotifyThunk);

    private static EditController Self(void* self) => FromPointer<EditController>(self);

    // Nothing to set up: parameters exist from construction and the host context is not needed.
    [UnmanagedCallersOnly]
    private static int InitializeThunk(void* self, void* context) => Result.Ok;

    [UnmanagedCallersOnly]
    private static int TerminateThunk(void* self)
    {
        try { return Self(self).Terminate(); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetComponentStateThunk(void* self, void* stream)
    {
        try { return Self(self).SetComponentState(stream); }
        catch (Exception e) { return Failure(e); }
    }

    // The controller has no state of its own (no editor): accept and write nothing.
    [UnmanagedCallersOnly]
    private static int SetStateThunk(void* self, void* stream) => Result.Ok;

    [UnmanagedCallersOnly]
    private static int GetStateThunk(void* self, void* stream) => Result.Ok;

    [UnmanagedCallersOnly]
    private static int GetParameterCountThunk(void* self)
    {
        try { return Self(self)._plugin.Parameters.Count; }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static int GetParameterInfoThunk(void* self, int index, ParameterInfo* info)
    {
        try { return Self(self).GetParameterInfo(index, info); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetParamStringByValueThunk(void* self, uint id, double normalized, char* text)
    {
        try { return Self(self).GetParamStringByValue(id, normalized, text); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetParamValueByStringThunk(void* self, uint id, char* text, double* normalized)
    {
        try { return Self(self).GetParamValueByString(id, text, normalized); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static double NormalizedParamToPlainThunk(void* self, uint id, double normalized)
    {
        try { return Self(self).NormalizedToPlain(id, normalized); }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static double PlainParamToNormalizedThunk(void* self, uint id, double plain)
    {
        try { return Self(self).PlainToNormalized(id, plain); }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static double GetParamNormalizedThunk(void* self, uint id)
    {
        try { return Self(self).GetParamNormalized(id); }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static int SetParamNormalizedThunk(void* self, uint id, double normalized)
    {
        try { return Self(self).SetParamNormalized(id, normalized); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetComponentHandlerThunk(void* self, void* handler)
    {
        try { return Self(self).SetComponentHandler(handler); }
        catch (Exception e) { return Failure(e); }
    }

    // No editor: hosts show their generic parameter UI.
    [UnmanagedCallersOnly]
    private static void* CreateViewThunk(void* self, byte* name) => null;

    [UnmanagedCallersOnly]
    private static int ConnectThunk(void* self, void* other)
    {
        try { return Self(self)._peer.Connect(other); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int DisconnectThunk(void* self, void* other)
    {
        try { return Self(self)._peer.Disconnect(other); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int NotifyThunk(void* self, void* message)
    {
        try { return Self(self).Notify(message); }
        catch (Exception e) { return Failure(e); }
    }
}
