using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>A host-side IParameterChanges for in-process tests: fixed capacity and allocation-free calls, so it does
/// not disturb a zero-allocation measurement that runs on the same thread.</summary>
public sealed unsafe class TestParameterChanges : ComObject
{
    private static readonly nint s_vtable = CreateVtable(
        (nint)(delegate* unmanaged<void*, int>)&GetParameterCount,
        (nint)(delegate* unmanaged<void*, int, void*>)&GetParameterData,
        (nint)(delegate* unmanaged<void*, uint*, int*, void*>)&AddParameterData);

    private readonly TestParamQueue[] _queues;
    private int _count;

    public TestParameterChanges(int queues = 8, int points = 64) : base([s_vtable])
    {
        _queues = new TestParamQueue[queues];
        for (int i = 0; i < queues; i++)
            _queues[i] = new TestParamQueue(points);
    }

    public void* Pointer => GetInterface(0);
    public int Count => _count;
    public TestParamQueue Queue(int index) => _queues[index];

    public void Clear() => _count = 0;

    public void Add(uint id, int offset, double value)
    {
        TestParamQueue queue = FindOrAdd(id) ?? throw new InvalidOperationException("No queue left in the test host.");
        if (!queue.Add(offset, value))
            throw new InvalidOperationException("No point left in the test host's queue.");
    }

    /// <summary>The last value written for <paramref name="id"/>, or null.</summary>
    public double? Last(uint id)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_queues[i].Id == id && _queues[i].Count > 0)
                return _queues[i].Value(_queues[i].Count - 1);
        }
        return null;
    }

    private TestParamQueue? FindOrAdd(uint id)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_queues[i].Id == id)
                return _queues[i];
        }
        if (_count == _queues.Length)
            return null;
        TestParamQueue queue = _queues[_count++];
        queue.Reset(id);
        return queue;
    }

    protected override int FindSlot(in Tuid iid) => iid == Iids.ParameterChanges ? 0 : -1;

    protected override void OnFinalRelease()
    {
        foreach (TestParamQueue queue in _queues)
            queue.Release();
    }

    [UnmanagedCallersOnly]
    private static int GetParameterCount(void* self) => FromPointer<TestParameterChanges>(self)._count;

    [UnmanagedCallersOnly]
    private static void* GetParameterData(void* self, int index)
    {
        TestParameterChanges changes = FromPointer<TestParameterChanges>(self);
        return (uint)index < (uint)changes._count ? changes._queues[index].Pointer : null;
    }

    [UnmanagedCallersOnly]
    private static void* AddParameterData(void* self, uint* id, int* index)
    {
        TestParameterChanges changes = FromPointer<TestParameterChanges>(self);
        TestParamQueue? queue = id == null ? null : changes.FindOrAdd(*id);
        if (queue is null)
            return null;
        if (index != null)
            *index = Array.IndexOf(changes._queues, queue);
        return queue.Pointer;
    }
}

/// <summary>One parameter's points in <see cref="TestParameterChanges"/>.</summary>
public sealed unsafe class TestParamQueue : ComObject
{
    private static readonly nint s_vtable = CreateVtable(
        (nint)(delegate* unmanaged<void*, uint>)&GetParameterId,
        (nint)(delegate* unmanaged<void*, int>)&GetPointCount,
        (nint)(delegate* unmanaged<void*, int, int*, double*, int>)&GetPoint,
        (nint)(delegate* unmanaged<void*, int, double, int*, int>)&AddPoint);

    private readonly int[] _offsets;
    private readonly double[] _values;

    public TestParamQueue(int capacity) : base([s_vtable])
    {
        _offsets = new int[capacity];
        _values = new double[capacity];
    }

    public void* Pointer => GetInterface(0);
    public uint Id { get; private set; }
    public int Count { get; private set; }
    public double Value(int index) => _values[index];

    public void Reset(uint id)
    {
        Id = id;
        Count = 0;
    }

    public bool Add(int offset, double value)
    {
        if (Count == _offsets.Length)
            return false;
        _offsets[Count] = offset;
        _values[Count] = value;
        Count++;
        return true;
    }

    protected override int FindSlot(in Tuid iid) => iid == Iids.ParamValueQueue ? 0 : -1;

    [UnmanagedCallersOnly]
    private static uint GetParameterId(void* self) => FromPointer<TestParamQueue>(self).Id;

    [UnmanagedCallersOnly]
    private static int GetPointCount(void* self) => FromPointer<TestParamQueue>(self).Count;

    [UnmanagedCallersOnly]
    private static int GetPoint(void* self, int index, int* offset, double* value)
    {
        TestParamQueue queue = FromPointer<TestParamQueue>(self);
        if ((uint)index >= (uint)queue.Count || offset == null || value == null)
            return Result.InvalidArgument;
        *offset = queue._offsets[index];
        *value = queue._values[index];
        return Result.Ok;
    }

    [UnmanagedCallersOnly]
    private static int AddPoint(void* self, int offset, double value, int* index)
    {
        TestParamQueue queue = FromPointer<TestParamQueue>(self);
        if (!queue.Add(offset, value))
            return Result.OutOfMemory;
        if (index != null)
            *index = queue.Count - 1;
        return Result.Ok;
    }
}
