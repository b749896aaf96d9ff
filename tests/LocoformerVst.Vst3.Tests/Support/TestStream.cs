using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>A host-side IBStream over a byte buffer for in-process state tests. Reads at most
/// <see cref="MaxReadChunk"/> bytes per call, as hosts may: the plugin has to loop.</summary>
public sealed unsafe class TestStream : ComObject
{
    public const int MaxReadChunk = 7;

    private static readonly nint s_vtable = CreateVtable(
        (nint)(delegate* unmanaged<void*, byte*, int, int*, int>)&Read,
        (nint)(delegate* unmanaged<void*, byte*, int, int*, int>)&Write,
        (nint)(delegate* unmanaged<void*, long, int, long*, int>)&Seek,
        (nint)(delegate* unmanaged<void*, long*, int>)&Tell);

    private readonly MemoryStream _data;

    public TestStream(byte[]? content = null) : base([s_vtable])
    {
        _data = new MemoryStream();
        if (content is not null)
        {
            _data.Write(content);
            _data.Position = 0;
        }
    }

    public void* Pointer => GetInterface(0);
    public byte[] ToArray() => _data.ToArray();
    public void Rewind() => _data.Position = 0;

    protected override int FindSlot(in Tuid iid) => iid == Iids.BStream ? 0 : -1;

    [UnmanagedCallersOnly]
    private static int Read(void* self, byte* buffer, int count, int* read)
    {
        TestStream stream = FromPointer<TestStream>(self);
        int n = stream._data.Read(new Span<byte>(buffer, Math.Min(count, MaxReadChunk)));
        if (read != null)
            *read = n;
        return Result.Ok;
    }

    [UnmanagedCallersOnly]
    private static int Write(void* self, byte* buffer, int count, int* written)
    {
        FromPointer<TestStream>(self)._data.Write(new ReadOnlySpan<byte>(buffer, count));
        if (written != null)
            *written = count;
        return Result.Ok;
    }

    [UnmanagedCallersOnly]
    private static int Seek(void* self, long position, int mode, long* result)
    {
        MemoryStream data = FromPointer<TestStream>(self)._data;
        long at = data.Seek(position, mode switch { 0 => SeekOrigin.Begin, 1 => SeekOrigin.Current, _ => SeekOrigin.End });
        if (result != null)
            *result = at;
        return Result.Ok;
    }

    [UnmanagedCallersOnly]
    private static int Tell(void* self, long* position)
    {
        *position = FromPointer<TestStream>(self)._data.Position;
        return Result.Ok;
    }
}
