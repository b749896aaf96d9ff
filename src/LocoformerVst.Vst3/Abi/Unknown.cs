namespace LocoformerVst.Vst3.Abi;

/// <summary>FUnknown calls on an interface pointer that some other module (a host) implements.</summary>
public static unsafe class Unknown
{
    internal static nint* Vtable(void* instance) => *(nint**)instance;

    public static int QueryInterface(void* instance, Tuid iid, out void* result)
    {
        void* found = null;
        int code = ((delegate* unmanaged<void*, Tuid*, void**, int>)Vtable(instance)[0])(instance, &iid, &found);
        result = code == Result.Ok ? found : null;
        return code;
    }

    /// <summary>QueryInterface that answers null instead of a code (null in, null out).</summary>
    public static void* Query(void* instance, Tuid iid) =>
        instance != null && QueryInterface(instance, iid, out void* result) == Result.Ok ? result : null;

    public static uint AddRef(void* instance) =>
        ((delegate* unmanaged<void*, uint>)Vtable(instance)[1])(instance);

    public static uint Release(void* instance) =>
        ((delegate* unmanaged<void*, uint>)Vtable(instance)[2])(instance);

    /// <summary>Releases <paramref name="instance"/> if set and clears the field that held it.</summary>
    public static void ReleaseAndClear(ref void* instance)
    {
        void* held = instance;
        instance = null;
        if (held != null)
            Release(held);
    }
}
