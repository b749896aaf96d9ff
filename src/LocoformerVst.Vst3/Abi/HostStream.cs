namespace LocoformerVst.Vst3.Abi;

/// <summary>
/// A <see cref="Stream"/> over a host's IBStream (state load/save). The host keeps ownership: disposing this wrapper
/// releases nothing. IBStream.read may return fewer bytes than asked; <see cref="Stream.ReadExactly(Span{byte})"/>
/// loops over <see cref="Read(Span{byte})"/> as usual.
/// </summary>
public sealed unsafe class HostStream(void* instance) : Stream
{
    private const int SeekSet = 0;
    private const int SeekCurrent = 1;
    private const int SeekEnd = 2;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => true;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        int read = 0;
        int code;
        fixed (byte* bytes = buffer)
            code = ((delegate* unmanaged<void*, void*, int, int*, int>)Unknown.Vtable(instance)[3])(
                instance, bytes, buffer.Length, &read);
        if (code != Result.Ok && read <= 0)
            return 0;
        return Math.Clamp(read, 0, buffer.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int written = 0;
            int code;
            fixed (byte* bytes = buffer)
                code = ((delegate* unmanaged<void*, void*, int, int*, int>)Unknown.Vtable(instance)[4])(
                    instance, bytes, buffer.Length, &written);
            if (code != Result.Ok || written <= 0)
                throw new IOException($"The host stream refused a write of {buffer.Length} bytes (tresult {code}).");
            buffer = buffer[Math.Min(written, buffer.Length)..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override long Seek(long offset, SeekOrigin origin)
    {
        int mode = origin switch
        {
            SeekOrigin.Begin => SeekSet,
            SeekOrigin.Current => SeekCurrent,
            _ => SeekEnd,
        };
        long result = 0;
        int code = ((delegate* unmanaged<void*, long, int, long*, int>)Unknown.Vtable(instance)[5])(
            instance, offset, mode, &result);
        if (code != Result.Ok)
            throw new IOException($"The host stream refused to seek to {offset} from {origin} (tresult {code}).");
        return result;
    }

    public override long Position
    {
        get
        {
            long position = 0;
            int code = ((delegate* unmanaged<void*, long*, int>)Unknown.Vtable(instance)[6])(instance, &position);
            if (code != Result.Ok)
                throw new IOException($"The host stream cannot tell its position (tresult {code}).");
            return position;
        }
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Length
    {
        get
        {
            long here = Position;
            long end = Seek(0, SeekOrigin.End);
            Seek(here, SeekOrigin.Begin);
            return end;
        }
    }

    public override void SetLength(long value) =>
        throw new NotSupportedException("A host IBStream cannot be resized through this wrapper.");

    public override void Flush()
    {
    }
}
