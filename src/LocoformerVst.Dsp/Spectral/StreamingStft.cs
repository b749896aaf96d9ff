namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Sample-streaming STFT (torch.stft conventions, center=True): push samples in any block sizes, read each frame as
/// soon as its samples are in. The frames of a whole stream, ended with <see cref="Finish"/>, are exactly those of
/// <see cref="Stft.Forward"/> on the concatenated samples.
/// </summary>
/// <remarks>
/// <para>Usage: <c>while (offset &lt; block.Length) { offset += stft.Push(block[offset..]); while (stft.TryReadFrame(re, im)) { ... } }</c>.
/// <see cref="Push"/> copies samples into a bounded buffer (2 NFft) and returns how many it took; it takes fewer
/// only when unread frames pin the buffer, so reading frames between pushes always makes progress.</para>
/// <para>Latency: frame t is centred on sample t*hop and becomes readable once sample t*hop + NFft/2 - 1 has arrived
/// (NFft/2 = 1024 samples of look-ahead at 2048). Frame 0 also needs sample NFft/2 for the reflect padding of the start,
/// so it waits for NFft/2 + 1 samples. The end of a stream is reflect-padded only by <see cref="Finish"/>.</para>
/// <para>Allocation-free per push and read; not thread-safe.</para>
/// </remarks>
public sealed class StreamingStft
{
    private readonly StftFrameKernel kernel;
    private readonly float[] buffer;
    private readonly float[] frame;
    private readonly int nFft;
    private readonly int hop;
    private readonly int padding;
    private long bufferStart;
    private int bufferCount;
    private long samplesPushed;
    private long framesRead;
    private bool finished;

    /// <summary>Creates a streaming STFT for the given geometry.</summary>
    public StreamingStft(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        kernel = new StftFrameKernel(settings);
        nFft = settings.NFft;
        hop = settings.Hop;
        padding = settings.Padding;
        buffer = new float[2 * nFft];
        frame = new float[nFft];
    }

    /// <summary>The STFT geometry.</summary>
    public StftSettings Settings { get; }

    /// <summary>Look-ahead past a frame's centre before it is readable: NFft/2 samples.</summary>
    public int LatencySamples => padding;

    /// <summary>Samples pushed since construction or <see cref="Reset"/>.</summary>
    public long SamplesPushed => samplesPushed;

    /// <summary>Frames read so far; the next frame read has this index.</summary>
    public long FramesRead => framesRead;

    /// <summary>Whether <see cref="Finish"/> has ended the stream.</summary>
    public bool IsFinished => finished;

    /// <summary>Frames that can be read now.</summary>
    public long FramesAvailable => ReadyFrames() - framesRead;

    /// <summary>Appends samples; returns how many were taken (all of them unless unread frames fill the buffer). // audio thread</summary>
    public int Push(ReadOnlySpan<float> samples)
    {
        if (finished)
        {
            throw new InvalidOperationException("StreamingStft.Push after Finish: call Reset() to start a new stream.");
        }

        Compact();
        int taken = Math.Min(samples.Length, buffer.Length - bufferCount);
        samples[..taken].CopyTo(buffer.AsSpan(bufferCount));
        bufferCount += taken;
        samplesPushed += taken;
        return taken;
    }

    /// <summary>
    /// Writes the next frame's spectrum (<see cref="StftSettings.Bins"/> values each) if it is ready; otherwise returns
    /// false and writes nothing. // audio thread
    /// </summary>
    public bool TryReadFrame(Span<float> real, Span<float> imag)
    {
        int bins = Settings.Bins;
        if (real.Length < bins || imag.Length < bins)
        {
            throw new ArgumentException($"Frame spans hold {real.Length} real and {imag.Length} imaginary values; a frame has {bins} bins.", nameof(real));
        }

        if (framesRead >= ReadyFrames())
        {
            return false;
        }

        long start = framesRead * hop - padding;
        long length = finished ? samplesPushed : long.MaxValue;
        ReflectPadding.ReadFrame(buffer.AsSpan(0, bufferCount), bufferStart, length, start, frame);
        kernel.Analyze(frame, real, imag);
        framesRead++;
        return true;
    }

    /// <summary>
    /// Ends the stream: the remaining frames (up to 1 + samples/hop in total) become readable with the end reflect-padded,
    /// as for a whole file. Throws if fewer than NFft/2 + 1 samples were pushed (reflect padding impossible).
    /// </summary>
    public void Finish()
    {
        if (finished)
        {
            return;
        }

        if (samplesPushed < Settings.MinSignalLength)
        {
            throw new InvalidOperationException(
                $"The stream has {samplesPushed} samples; center reflect padding needs at least n_fft/2 + 1 = {Settings.MinSignalLength}.");
        }

        finished = true;
    }

    /// <summary>Forgets all samples and frames so the instance can start a new stream. // audio thread</summary>
    public void Reset()
    {
        bufferStart = 0;
        bufferCount = 0;
        samplesPushed = 0;
        framesRead = 0;
        finished = false;
    }

    private long ReadyFrames()
    {
        if (finished)
        {
            return 1 + samplesPushed / hop;
        }

        // Frame t needs samples up to t*hop + NFft/2 - 1, and frame 0 also sample NFft/2 (its reflected first value).
        return samplesPushed < padding + 1 ? 0 : 1 + (samplesPushed - padding) / hop;
    }

    // Drops samples no unread frame can touch. The oldest sample kept is one before the next frame's start: at the end
    // of a stream the reflection of a frame that starts exactly hop*t = L - NFft/2 reaches one sample further back.
    private void Compact()
    {
        long keepFrom = Math.Max(0, framesRead * hop - padding - 1);
        int drop = (int)Math.Min(keepFrom - bufferStart, bufferCount);
        if (drop <= 0)
        {
            return;
        }

        buffer.AsSpan(drop, bufferCount - drop).CopyTo(buffer);
        bufferStart += drop;
        bufferCount -= drop;
    }
}
