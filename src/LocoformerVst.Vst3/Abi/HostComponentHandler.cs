namespace LocoformerVst.Vst3.Abi;

/// <summary>A host's IComponentHandler, through which a controller reports edits and asks for restarts.</summary>
public readonly unsafe struct ComponentHandlerRef(void* instance)
{
    public void* Pointer => instance;
    public bool IsNull => instance == null;

    public int BeginEdit(uint id) => ((delegate* unmanaged<void*, uint, int>)Unknown.Vtable(instance)[3])(instance, id);

    public int PerformEdit(uint id, double normalized) =>
        ((delegate* unmanaged<void*, uint, double, int>)Unknown.Vtable(instance)[4])(instance, id, normalized);

    public int EndEdit(uint id) => ((delegate* unmanaged<void*, uint, int>)Unknown.Vtable(instance)[5])(instance, id);

    public int RestartComponent(RestartFlags flags) =>
        ((delegate* unmanaged<void*, int, int>)Unknown.Vtable(instance)[6])(instance, (int)flags);
}
