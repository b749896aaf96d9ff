namespace LocoformerVst.Vst3.Abi;

/// <summary>A host's IHostApplication: its name, and the factory for the IMessage objects processor and controller
/// exchange.</summary>
public readonly unsafe struct HostApplicationRef(void* instance)
{
    public void* Pointer => instance;
    public bool IsNull => instance == null;

    /// <summary>A new message with one reference (the caller releases it), or a null ref if the host has none.</summary>
    public MessageRef CreateMessage()
    {
        Tuid iid = Iids.Message;
        void* message = null;
        int code = ((delegate* unmanaged<void*, Tuid*, Tuid*, void**, int>)Unknown.Vtable(instance)[4])(
            instance, &iid, &iid, &message);
        return new MessageRef(code == Result.Ok ? message : null);
    }
}

/// <summary>A host-made IMessage: an ASCII ID plus an attribute list.</summary>
public readonly unsafe struct MessageRef(void* instance)
{
    public void* Pointer => instance;
    public bool IsNull => instance == null;

    public string Id => TextFields.ReadCString(
        ((delegate* unmanaged<void*, byte*>)Unknown.Vtable(instance)[3])(instance));

    /// <summary>Sets the ID from a NUL-terminated ASCII literal (u8 literals live as long as the module).</summary>
    public void SetId(ReadOnlySpan<byte> nulTerminatedId)
    {
        fixed (byte* id = nulTerminatedId)
            ((delegate* unmanaged<void*, byte*, void>)Unknown.Vtable(instance)[4])(instance, id);
    }

    public AttributeListRef Attributes =>
        new(((delegate* unmanaged<void*, void*>)Unknown.Vtable(instance)[5])(instance));

    public uint Release() => Unknown.Release(instance);
}

/// <summary>A host-made IAttributeList (keys are ASCII C strings).</summary>
public readonly unsafe struct AttributeListRef(void* instance)
{
    public bool IsNull => instance == null;

    public int SetInt(ReadOnlySpan<byte> nulTerminatedKey, long value)
    {
        fixed (byte* key = nulTerminatedKey)
            return ((delegate* unmanaged<void*, byte*, long, int>)Unknown.Vtable(instance)[3])(instance, key, value);
    }

    public bool TryGetInt(ReadOnlySpan<byte> nulTerminatedKey, out long value)
    {
        long v = 0;
        int code;
        fixed (byte* key = nulTerminatedKey)
            code = ((delegate* unmanaged<void*, byte*, long*, int>)Unknown.Vtable(instance)[4])(instance, key, &v);
        value = v;
        return code == Result.Ok;
    }
}

/// <summary>The peer's IConnectionPoint, to which messages are sent.</summary>
public readonly unsafe struct ConnectionPointRef(void* instance)
{
    public void* Pointer => instance;
    public bool IsNull => instance == null;

    public int Notify(MessageRef message) =>
        ((delegate* unmanaged<void*, void*, int>)Unknown.Vtable(instance)[5])(instance, message.Pointer);
}
