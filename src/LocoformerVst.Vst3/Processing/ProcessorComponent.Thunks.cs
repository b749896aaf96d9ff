using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Processing;

// The host-facing entry points of ProcessorComponent: one static vtable per interface, built once, and one
// [UnmanagedCallersOnly] thunk per method. Every thunk catches everything and answers with a result code.
internal sealed unsafe partial class ProcessorComponent
{
    private static readonly nint s_component = CreateVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&InitializeThunk,
        (nint)(delegate* unmanaged<void*, int>)&TerminateThunk,
        (nint)(delegate* unmanaged<void*, byte*, int>)&GetControllerClassIdThunk,
        (nint)(delegate* unmanaged<void*, int, int>)&SetIoModeThunk,
        (nint)(delegate* unmanaged<void*, int, int, int>)&GetBusCountThunk,
        (nint)(delegate* unmanaged<void*, int, int, int, BusInfo*, int>)&GetBusInfoThunk,
        (nint)(delegate* unmanaged<void*, RoutingInfo*, RoutingInfo*, int>)&GetRoutingInfoThunk,
        (nint)(delegate* unmanaged<void*, int, int, int, byte, int>)&ActivateBusThunk,
        (nint)(delegate* unmanaged<void*, byte, int>)&SetActiveThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetStateThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&GetStateThunk);

    private static readonly nint s_processor = CreateVtable(
        (nint)(delegate* unmanaged<void*, ulong*, int, ulong*, int, int>)&SetBusArrangementsThunk,
        (nint)(delegate* unmanaged<void*, int, int, ulong*, int>)&GetBusArrangementThunk,
        (nint)(delegate* unmanaged<void*, int, int>)&CanProcessSampleSizeThunk,
        (nint)(delegate* unmanaged<void*, uint>)&GetLatencySamplesThunk,
        (nint)(delegate* unmanaged<void*, ProcessSetup*, int>)&SetupProcessingThunk,
        (nint)(delegate* unmanaged<void*, byte, int>)&SetProcessingThunk,
        (nint)(delegate* unmanaged<void*, ProcessData*, int>)&ProcessThunk,
        (nint)(delegate* unmanaged<void*, uint>)&GetTailSamplesThunk);

    private static readonly nint s_connection = CreateVtable(
        (nint)(delegate* unmanaged<void*, void*, int>)&ConnectThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&DisconnectThunk,
        (nint)(delegate* unmanaged<void*, void*, int>)&NotifyThunk);

    private static readonly nint s_contextRequirements = CreateVtable(
        (nint)(delegate* unmanaged<void*, uint>)&GetProcessContextRequirementsThunk);

    private static readonly nint s_presentationLatency = CreateVtable(
        (nint)(delegate* unmanaged<void*, int, int, uint, int>)&SetAudioPresentationLatencySamplesThunk);

    private static ProcessorComponent Self(void* self) => FromPointer<ProcessorComponent>(self);

    [UnmanagedCallersOnly]
    private static int InitializeThunk(void* self, void* context)
    {
        try { return Self(self).Initialize(context); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int TerminateThunk(void* self)
    {
        try { return Self(self).Terminate(); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetControllerClassIdThunk(void* self, byte* classId)
    {
        try
        {
            if (classId == null)
                return Result.InvalidArgument;
            Self(self)._controllerCid.WriteTo(classId);
            return Result.Ok;
        }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetIoModeThunk(void* self, int mode)
    {
        try { return mode is >= Vst.IoModeSimple and <= Vst.IoModeOfflineProcessing ? Result.Ok : Result.InvalidArgument; }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetBusCountThunk(void* self, int mediaType, int direction)
    {
        try { return Self(self).GetBusCount(mediaType, direction); }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static int GetBusInfoThunk(void* self, int mediaType, int direction, int index, BusInfo* info)
    {
        try { return Self(self).GetBusInfo(mediaType, direction, index, info); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetRoutingInfoThunk(void* self, RoutingInfo* input, RoutingInfo* output) => Result.NotImplemented;

    [UnmanagedCallersOnly]
    private static int ActivateBusThunk(void* self, int mediaType, int direction, int index, byte state)
    {
        try { return Self(self).ActivateBus(mediaType, direction, index, state != 0); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetActiveThunk(void* self, byte state)
    {
        try { return Self(self).SetActive(state != 0); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetStateThunk(void* self, void* stream)
    {
        try { return Self(self).SetState(stream); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetStateThunk(void* self, void* stream)
    {
        try { return Self(self).GetState(stream); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetBusArrangementsThunk(void* self, ulong* inputs, int inputCount, ulong* outputs, int outputCount)
    {
        try { return Self(self).SetBusArrangements(inputs, inputCount, outputs, outputCount); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int GetBusArrangementThunk(void* self, int direction, int index, ulong* arrangement)
    {
        try { return Self(self).GetBusArrangement(direction, index, arrangement); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int CanProcessSampleSizeThunk(void* self, int sampleSize) =>
        sampleSize == Vst.SampleSize32 ? Result.Ok : Result.False;

    [UnmanagedCallersOnly]
    private static uint GetLatencySamplesThunk(void* self)
    {
        try { return (uint)Math.Max(0, Self(self)._plugin.LatencySamples); }
        catch (Exception e) { Failure(e); return 0; }
    }

    [UnmanagedCallersOnly]
    private static int SetupProcessingThunk(void* self, ProcessSetup* setup)
    {
        try { return Self(self).SetupProcessing(setup); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static int SetProcessingThunk(void* self, byte state)
    {
        try { return Self(self).SetProcessing(state != 0); }
        catch (Exception e) { return Failure(e); }
    }

    // audio thread
    [UnmanagedCallersOnly]
    private static int ProcessThunk(void* self, ProcessData* data)
    {
        try { return Self(self).Process(data); }
        catch (Exception e) { return Failure(e); }
    }

    [UnmanagedCallersOnly]
    private static uint GetTailSamplesThunk(void* self)
    {
        try { return (uint)Math.Max(0, Self(self)._plugin.TailSamples); }
        catch (Exception e) { Failure(e); return 0; }
    }

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

    // The controller sends the processor nothing yet; say so rather than pretend to have handled it.
    [UnmanagedCallersOnly]
    private static int NotifyThunk(void* self, void* message) => message == null ? Result.InvalidArgument : Result.False;

    // No ProcessContext field is needed: 0 asks the host for nothing.
    [UnmanagedCallersOnly]
    private static uint GetProcessContextRequirementsThunk(void* self) => 0;

    [UnmanagedCallersOnly]
    private static int SetAudioPresentationLatencySamplesThunk(void* self, int direction, int busIndex, uint latency)
    {
        try
        {
            if (direction == (int)BusDirection.Output && busIndex == 0)
                Self(self)._plugin.OutputPresentationLatencySamples = (int)Math.Min(latency, int.MaxValue);
            return Result.Ok;
        }
        catch (Exception e) { return Failure(e); }
    }
}
