using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LocoformerVst.Vst3.Abi;

/// <summary>
/// A 16-byte VST3 class or interface ID, held in the byte order this OS's hosts compare: the four 32-bit words l1..l4
/// big-endian on Linux/macOS, GUID layout (l1 and l2's halves little-endian) on COM-compatible Windows.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Tuid : IEquatable<Tuid>
{
    public const int Size = 16;

    // The 16 bytes exactly as they lie in memory, read as two machine words so comparing costs two compares.
    private readonly ulong _first;
    private readonly ulong _second;

    private Tuid(ulong first, ulong second)
    {
        _first = first;
        _second = second;
    }

    /// <summary>An ID spelled as a Guid "l1-l2hi-l2lo-l3hi-l3lo+l4" (so Guid text = the ID's text form).</summary>
    public static Tuid FromGuid(Guid id)
    {
        Span<byte> bytes = stackalloc byte[Size];
        id.TryWriteBytes(bytes, bigEndian: !OperatingSystem.IsWindows(), out _);
        return FromBytes(bytes);
    }

    /// <summary>An ID from the four words of the SDK's INLINE_UID notation.</summary>
    public static Tuid FromWords(uint l1, uint l2, uint l3, uint l4)
    {
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(tail, l3);
        BinaryPrimitives.WriteUInt32BigEndian(tail[4..], l4);
        var guid = new Guid((int)l1, (short)(l2 >> 16), (short)l2,
            tail[0], tail[1], tail[2], tail[3], tail[4], tail[5], tail[6], tail[7]);
        return FromGuid(guid);
    }

    public static Tuid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
            throw new ArgumentException($"A TUID has {Size} bytes; got {bytes.Length}.", nameof(bytes));
        return new Tuid(MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[8..]));
    }

    /// <summary>Reads 16 raw bytes from a host pointer (a TUID or FIDString argument).</summary>
    public static unsafe Tuid Read(void* source) =>
        new(Unsafe.ReadUnaligned<ulong>(source), Unsafe.ReadUnaligned<ulong>((byte*)source + 8));

    public unsafe void WriteTo(void* destination)
    {
        Unsafe.WriteUnaligned(destination, _first);
        Unsafe.WriteUnaligned((byte*)destination + 8, _second);
    }

    public void WriteTo(Span<byte> destination)
    {
        MemoryMarshal.Write(destination, in _first);
        MemoryMarshal.Write(destination[8..], in _second);
    }

    public Guid ToGuid()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return new Guid(bytes, bigEndian: !OperatingSystem.IsWindows());
    }

    /// <summary>The portable text form: 32 uppercase hex digits of l1..l4 (as moduleinfo.json writes a CID).</summary>
    public override string ToString() => ToGuid().ToString("N").ToUpperInvariant();

    public bool Equals(Tuid other) => _first == other._first && _second == other._second;
    public override bool Equals(object? obj) => obj is Tuid other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(_first, _second);
    public static bool operator ==(Tuid left, Tuid right) => left.Equals(right);
    public static bool operator !=(Tuid left, Tuid right) => !left.Equals(right);
}
