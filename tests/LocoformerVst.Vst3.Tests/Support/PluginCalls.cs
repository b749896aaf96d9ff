using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Tests.Support;

// Typed calls into a plugin's vtables by slot number, as a C host makes them. One struct per interface; each wraps
// the interface pointer it was given and owns nothing. The vtable is read here rather than through the binding's
// internal Unknown.Vtable, so that other test projects (the product plugin's) can link this file.

file static unsafe class VtableOf
{
    public static nint* Slots(void* instance) => *(nint**)instance;
}

public readonly unsafe struct FactoryCalls(void* p)
{
    public void* Pointer => p;
    public int CountClasses() => ((delegate* unmanaged<void*, int>)VtableOf.Slots(p)[4])(p);

    public int GetClassInfo2(int index, PClassInfo2* info) =>
        ((delegate* unmanaged<void*, int, PClassInfo2*, int>)VtableOf.Slots(p)[7])(p, index, info);

    public int CreateInstance(Tuid cid, Tuid iid, out void* instance)
    {
        void* result = (void*)0x1; // must be cleared on failure
        int code = ((delegate* unmanaged<void*, Tuid*, Tuid*, void**, int>)VtableOf.Slots(p)[6])(p, &cid, &iid, &result);
        instance = result;
        return code;
    }
}

public readonly unsafe struct ComponentCalls(void* p)
{
    public void* Pointer => p;
    public int Initialize(void* context) => ((delegate* unmanaged<void*, void*, int>)VtableOf.Slots(p)[3])(p, context);
    public int Terminate() => ((delegate* unmanaged<void*, int>)VtableOf.Slots(p)[4])(p);

    public Tuid GetControllerClassId()
    {
        Tuid id;
        ((delegate* unmanaged<void*, Tuid*, int>)VtableOf.Slots(p)[5])(p, &id);
        return id;
    }

    public int GetBusCount(int mediaType, int direction) =>
        ((delegate* unmanaged<void*, int, int, int>)VtableOf.Slots(p)[7])(p, mediaType, direction);

    public int GetBusInfo(int direction, int index, out BusInfo info)
    {
        BusInfo value = default;
        int code = ((delegate* unmanaged<void*, int, int, int, BusInfo*, int>)VtableOf.Slots(p)[8])(
            p, Vst.MediaTypeAudio, direction, index, &value);
        info = value;
        return code;
    }

    public int ActivateBus(int direction, int index, bool state) =>
        ((delegate* unmanaged<void*, int, int, int, byte, int>)VtableOf.Slots(p)[10])(
            p, Vst.MediaTypeAudio, direction, index, state ? (byte)1 : (byte)0);

    public int SetActive(bool state) =>
        ((delegate* unmanaged<void*, byte, int>)VtableOf.Slots(p)[11])(p, state ? (byte)1 : (byte)0);

    public int SetState(void* stream) => ((delegate* unmanaged<void*, void*, int>)VtableOf.Slots(p)[12])(p, stream);
    public int GetState(void* stream) => ((delegate* unmanaged<void*, void*, int>)VtableOf.Slots(p)[13])(p, stream);
}

public readonly unsafe struct ProcessorCalls(void* p)
{
    public void* Pointer => p;

    public int SetBusArrangements(ulong[] inputs, ulong[] outputs)
    {
        fixed (ulong* i = inputs)
        fixed (ulong* o = outputs)
            return ((delegate* unmanaged<void*, ulong*, int, ulong*, int, int>)VtableOf.Slots(p)[3])(p, i, inputs.Length, o, outputs.Length);
    }

    public int GetBusArrangement(int direction, int index, out ulong arrangement)
    {
        ulong value = 0;
        int code = ((delegate* unmanaged<void*, int, int, ulong*, int>)VtableOf.Slots(p)[4])(p, direction, index, &value);
        arrangement = value;
        return code;
    }

    public int CanProcessSampleSize(int size) => ((delegate* unmanaged<void*, int, int>)VtableOf.Slots(p)[5])(p, size);
    public uint GetLatencySamples() => ((delegate* unmanaged<void*, uint>)VtableOf.Slots(p)[6])(p);

    public int SetupProcessing(ProcessMode mode, int maxBlock, double sampleRate)
    {
        var setup = new ProcessSetup
        {
            ProcessMode = (int)mode, SymbolicSampleSize = Vst.SampleSize32, MaxSamplesPerBlock = maxBlock,
            SampleRate = sampleRate,
        };
        return ((delegate* unmanaged<void*, ProcessSetup*, int>)VtableOf.Slots(p)[7])(p, &setup);
    }

    public int SetProcessing(bool state) =>
        ((delegate* unmanaged<void*, byte, int>)VtableOf.Slots(p)[8])(p, state ? (byte)1 : (byte)0);

    public int Process(ProcessData* data) => ((delegate* unmanaged<void*, ProcessData*, int>)VtableOf.Slots(p)[9])(p, data);
}

public readonly unsafe struct ControllerCalls(void* p)
{
    public void* Pointer => p;
    public int Initialize(void* context) => ((delegate* unmanaged<void*, void*, int>)VtableOf.Slots(p)[3])(p, context);
    public int Terminate() => ((delegate* unmanaged<void*, int>)VtableOf.Slots(p)[4])(p);

    public int SetComponentState(void* stream) =>
        ((delegate* unmanaged<void*, void*, int>)VtableOf.Slots(p)[5])(p, stream);

    public int GetParameterCount() => ((delegate* unmanaged<void*, int>)VtableOf.Slots(p)[8])(p);

    public double GetParamNormalized(uint id) =>
        ((delegate* unmanaged<void*, uint, double>)VtableOf.Slots(p)[14])(p, id);
}
