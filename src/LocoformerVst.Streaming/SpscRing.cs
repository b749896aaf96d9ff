namespace LocoformerVst.Streaming;

/// <summary>
/// Single-producer single-consumer ring of multi-channel float frames: the hand-over between the audio thread and the
/// inference worker without locks, waits or allocation.
/// </summary>
/// <remarks>
/// Positions are absolute 64-bit frame counters (they never wrap in practice), published with release/acquire
/// semantics through <see cref="Volatile"/>. The consumer may run ahead of the producer
/// (<see cref="Skip"/>) after an underrun; the producer then drops the frames it writes late, so the distance between
/// both sides, i.e. the latency, never drifts.
/// </remarks>
public sealed class SpscRing
{
    private readonly float[][] _channels;
    private readonly int _mask;
    private long _writePosition;
    private long _readPosition;

    public SpscRing(int channels, int minimumCapacityFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCapacityFrames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumCapacityFrames, 1 << 30);
        Capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)minimumCapacityFrames);
        _mask = Capacity - 1;
        _channels = new float[channels][];
        for (int c = 0; c < channels; c++) _channels[c] = new float[Capacity];
    }

    public int Channels => _channels.Length;

    /// <summary>Frames the ring can hold (a power of two).</summary>
    public int Capacity { get; }

    /// <summary>Absolute index of the next frame the producer writes.</summary>
    public long WritePosition => Volatile.Read(ref _writePosition);

    /// <summary>Absolute index of the next frame the consumer reads.</summary>
    public long ReadPosition => Volatile.Read(ref _readPosition);

    /// <summary>Frames written and not yet read (0 while the consumer is ahead after an underrun).</summary>
    public int AvailableToRead => (int)Math.Max(0, WritePosition - ReadPosition);

    /// <summary>Frames the producer may write now without overwriting unread frames.</summary>
    public int AvailableToWrite => (int)(Capacity - Math.Max(0, WritePosition - ReadPosition));

    /// <summary>Producer side: appends up to <c>frames</c> frames of silence (used to prefill latency).</summary>
    public int WriteSilence(int frames)
    {
        long write = _writePosition;
        int n = Math.Min(frames, AvailableToWrite);
        for (int c = 0; c < _channels.Length; c++) FillRing(_channels[c], write, n, 0f);
        Volatile.Write(ref _writePosition, write + n);
        return n;
    }

    /// <summary>
    /// Producer side: appends frames from <paramref name="source"/>, planar (<c>source[c * stride + i]</c>).
    /// Frames the consumer has already skipped past are dropped but still count as written.
    /// Returns the number of frames consumed from the source (less than requested only when the ring is full).
    /// </summary>
    public int Write(ReadOnlySpan<float> source, int stride, int frames)
    {
        var (late, n) = PlanWrite(frames);
        for (int c = 0; c < _channels.Length; c++)
            CopyIntoRing(source.Slice(c * stride + late, n - late), _channels[c], _writePosition + late);
        Volatile.Write(ref _writePosition, _writePosition + n);
        return n;
    }

    /// <summary>Producer side: as <see cref="Write(ReadOnlySpan{float}, int, int)"/> from one array per channel.</summary>
    public int Write(float[][] source, int offset, int frames)
    {
        var (late, n) = PlanWrite(frames);
        for (int c = 0; c < _channels.Length; c++)
            CopyIntoRing(source[c].AsSpan(offset + late, n - late), _channels[c], _writePosition + late);
        Volatile.Write(ref _writePosition, _writePosition + n);
        return n;
    }

    /// <summary>Consumer side: copies <paramref name="frames"/> frames into <paramref name="destination"/> (planar) and advances.</summary>
    /// <returns>False, copying nothing, when fewer frames are available.</returns>
    public bool TryRead(Span<float> destination, int stride, int frames)
    {
        if (!TryPeek(destination, stride, frames, 0)) return false;
        Volatile.Write(ref _readPosition, _readPosition + frames);
        return true;
    }

    /// <summary>Consumer side: copies frames starting <paramref name="offset"/> frames after the read position without advancing.</summary>
    public bool TryPeek(Span<float> destination, int stride, int frames, int offset)
    {
        long start = _readPosition + offset;
        if (Volatile.Read(ref _writePosition) - start < frames) return false;
        for (int c = 0; c < _channels.Length; c++)
            CopyFromRing(_channels[c], start, destination.Slice(c * stride, frames));
        return true;
    }

    /// <summary>Consumer side: copies <paramref name="frames"/> frames into one array per channel at <paramref name="offset"/> and advances.</summary>
    public bool TryRead(float[][] destination, int offset, int frames)
    {
        if (Volatile.Read(ref _writePosition) - _readPosition < frames) return false;
        for (int c = 0; c < _channels.Length; c++)
            CopyFromRing(_channels[c], _readPosition, destination[c].AsSpan(offset, frames));
        Volatile.Write(ref _readPosition, _readPosition + frames);
        return true;
    }

    /// <summary>Consumer side: advances the read position by <paramref name="frames"/>, past unwritten frames if need be.</summary>
    public void Skip(int frames) => Volatile.Write(ref _readPosition, _readPosition + frames);

    /// <summary>Resets both positions; only while neither side is running.</summary>
    public void Clear()
    {
        Volatile.Write(ref _readPosition, 0);
        Volatile.Write(ref _writePosition, 0);
        foreach (var ch in _channels) Array.Clear(ch);
    }

    /// <summary>How many of <paramref name="frames"/> arrive after the consumer passed them, and how many fit.</summary>
    private (int Late, int Count) PlanWrite(int frames)
    {
        long read = Volatile.Read(ref _readPosition);
        int late = (int)Math.Clamp(read - _writePosition, 0, frames);
        long occupied = Math.Max(0, _writePosition - read);
        return (late, (int)Math.Min(frames, late + (Capacity - occupied)));
    }

    private void CopyIntoRing(ReadOnlySpan<float> src, float[] ring, long position)
    {
        int start = (int)(position & _mask);
        int first = Math.Min(src.Length, Capacity - start);
        src[..first].CopyTo(ring.AsSpan(start));
        src[first..].CopyTo(ring);
    }

    private void CopyFromRing(float[] ring, long position, Span<float> dst)
    {
        int start = (int)(position & _mask);
        int first = Math.Min(dst.Length, Capacity - start);
        ring.AsSpan(start, first).CopyTo(dst);
        ring.AsSpan(0, dst.Length - first).CopyTo(dst[first..]);
    }

    private void FillRing(float[] ring, long position, int frames, float value)
    {
        int start = (int)(position & _mask);
        int first = Math.Min(frames, Capacity - start);
        ring.AsSpan(start, first).Fill(value);
        ring.AsSpan(0, frames - first).Fill(value);
    }
}
