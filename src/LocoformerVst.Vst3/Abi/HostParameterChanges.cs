namespace LocoformerVst.Vst3.Abi;

/// <summary>A host's IParameterChanges: one queue per parameter that changed in this block. Calls only, no allocation.</summary>
public readonly unsafe struct ParameterChangesRef(void* instance)
{
    public void* Pointer => instance;
    public bool IsNull => instance == null;

    public int Count => ((delegate* unmanaged<void*, int>)Unknown.Vtable(instance)[3])(instance);

    public ParamValueQueueRef GetQueue(int index) =>
        new(((delegate* unmanaged<void*, int, void*>)Unknown.Vtable(instance)[4])(instance, index));

    /// <summary>The queue for <paramref name="id"/> (the host creates it or returns the one it has).</summary>
    public ParamValueQueueRef AddQueue(uint id, out int index)
    {
        int i = 0;
        void* queue = ((delegate* unmanaged<void*, uint*, int*, void*>)Unknown.Vtable(instance)[5])(instance, &id, &i);
        index = i;
        return new ParamValueQueueRef(queue);
    }
}

/// <summary>A host's IParamValueQueue: the (sampleOffset, normalized value) points of one parameter in one block.</summary>
public readonly unsafe struct ParamValueQueueRef(void* instance)
{
    public bool IsNull => instance == null;

    public uint ParameterId => ((delegate* unmanaged<void*, uint>)Unknown.Vtable(instance)[3])(instance);

    public int PointCount => ((delegate* unmanaged<void*, int>)Unknown.Vtable(instance)[4])(instance);

    public int GetPoint(int index, out int sampleOffset, out double value)
    {
        int offset = 0;
        double v = 0;
        int code = ((delegate* unmanaged<void*, int, int*, double*, int>)Unknown.Vtable(instance)[5])(
            instance, index, &offset, &v);
        sampleOffset = offset;
        value = v;
        return code;
    }

    public int AddPoint(int sampleOffset, double value, out int index)
    {
        int i = 0;
        int code = ((delegate* unmanaged<void*, int, double, int*, int>)Unknown.Vtable(instance)[6])(
            instance, sampleOffset, value, &i);
        index = i;
        return code;
    }
}
