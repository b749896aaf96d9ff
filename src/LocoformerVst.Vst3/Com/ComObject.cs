using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Com;

/// <summary>
/// Base of every object handed to a host as interface pointers. Each object owns one native block with a 16-byte slot
/// per interface, <c>{ vtable*, GCHandle }</c>; a slot's address is that interface's pointer, so a thunk gets from
/// <c>self</c> back to this object with one load. The GCHandle is strong while the host holds references and freed,
/// with the block, at the final Release.
/// </summary>
public abstract unsafe class ComObject
{
    private static int s_liveObjects;
    private static Exception? s_lastError;

    private readonly nint* _slots;
    private readonly int _slotCount;
    private readonly GCHandle _handle;
    private int _refCount = 1;

    /// <param name="vtables">One static vtable per interface slot; slot 0 also answers FUnknown (COM identity).</param>
    protected ComObject(ReadOnlySpan<nint> vtables)
    {
        if (vtables.IsEmpty)
            throw new ArgumentException("A COM object implements at least one interface.", nameof(vtables));
        _slotCount = vtables.Length;
        _slots = (nint*)NativeMemory.Alloc((nuint)(_slotCount * 2 * sizeof(nint)));
        _handle = GCHandle.Alloc(this);
        nint handle = GCHandle.ToIntPtr(_handle);
        for (int i = 0; i < _slotCount; i++)
        {
            _slots[2 * i] = vtables[i];
            _slots[2 * i + 1] = handle;
        }
        Interlocked.Increment(ref s_liveObjects);
    }

    /// <summary>Objects created and not yet finally released, in this module: a leak check for tests.</summary>
    public static int LiveObjectCount => Volatile.Read(ref s_liveObjects);

    /// <summary>The last exception a thunk turned into a result code (diagnostics; never thrown again).</summary>
    public static Exception? LastError => Volatile.Read(ref s_lastError);

    /// <summary>The pointer of interface slot <paramref name="slot"/> (no AddRef).</summary>
    public void* GetInterface(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _slotCount);
        return _slots + 2 * slot;
    }

    /// <summary>The object behind an interface pointer this module handed out.</summary>
    public static T FromPointer<T>(void* self) where T : ComObject =>
        (T)GCHandle.FromIntPtr(((nint*)self)[1]).Target!;

    public uint AddRef() => (uint)Interlocked.Increment(ref _refCount);

    /// <summary>AddRef unless the object is already being destroyed (count 0): for caches of live objects.</summary>
    public bool TryAddRef()
    {
        int count = Volatile.Read(ref _refCount);
        while (count > 0)
        {
            int seen = Interlocked.CompareExchange(ref _refCount, count + 1, count);
            if (seen == count)
                return true;
            count = seen;
        }
        return false;
    }

    public uint Release()
    {
        int count = Interlocked.Decrement(ref _refCount);
        if (count == 0)
        {
            try
            {
                OnFinalRelease();
            }
            finally
            {
                _handle.Free();
                NativeMemory.Free(_slots);
                Interlocked.Decrement(ref s_liveObjects);
            }
        }
        return (uint)Math.Max(count, 0);
    }

    /// <summary>COM QueryInterface: AddRefs and returns the slot for <paramref name="iid"/>, or null and kNoInterface.</summary>
    public int QueryInterface(in Tuid iid, void** result)
    {
        if (result == null)
            return Abi.Result.InvalidArgument;
        int slot = iid == Iids.FUnknown ? 0 : FindSlot(iid);
        if (slot < 0 || slot >= _slotCount)
        {
            *result = null;
            return Abi.Result.NoInterface;
        }
        AddRef();
        *result = _slots + 2 * slot;
        return Abi.Result.Ok;
    }

    /// <summary>The slot implementing <paramref name="iid"/>, or -1. FUnknown is handled by the base (slot 0).</summary>
    protected abstract int FindSlot(in Tuid iid);

    /// <summary>Releases what this object holds from the host; runs once, at the final Release.</summary>
    protected virtual void OnFinalRelease()
    {
    }

    /// <summary>What every thunk's catch-all returns: the exception is kept for diagnostics and never crosses to the host.</summary>
    public static int Failure(Exception error)
    {
        Volatile.Write(ref s_lastError, error);
        return Abi.Result.InternalError;
    }

    /// <summary>A vtable for one interface: FUnknown's three shared entries followed by <paramref name="methods"/>.
    /// Built once per interface and never freed (a NativeAOT module is never unloaded).</summary>
    protected static nint CreateVtable(params ReadOnlySpan<nint> methods)
    {
        var table = (nint*)NativeMemory.Alloc((nuint)((3 + methods.Length) * sizeof(nint)));
        table[0] = (nint)(delegate* unmanaged<void*, byte*, void**, int>)&QueryInterfaceThunk;
        table[1] = (nint)(delegate* unmanaged<void*, uint>)&AddRefThunk;
        table[2] = (nint)(delegate* unmanaged<void*, uint>)&ReleaseThunk;
        for (int i = 0; i < methods.Length; i++)
            table[3 + i] = methods[i];
        return (nint)table;
    }

    [UnmanagedCallersOnly]
    private static int QueryInterfaceThunk(void* self, byte* iid, void** result)
    {
        try
        {
            if (iid == null)
                return Abi.Result.InvalidArgument;
            return FromPointer<ComObject>(self).QueryInterface(Tuid.Read(iid), result);
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static uint AddRefThunk(void* self)
    {
        try
        {
            return FromPointer<ComObject>(self).AddRef();
        }
        catch (Exception e)
        {
            Failure(e);
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static uint ReleaseThunk(void* self)
    {
        try
        {
            return FromPointer<ComObject>(self).Release();
        }
        catch (Exception e)
        {
            Failure(e);
            return 0;
        }
    }
}
