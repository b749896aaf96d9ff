using System.Numerics;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Frame-by-frame inverse STFT (torch.istft conventions, center=True): push one spectrum frame, get the samples it made
/// final. Everything pushed plus <see cref="Finish"/> concatenates to exactly what <see cref="Stft.Inverse"/> returns.
/// </summary>
/// <remarks>
/// <para>Each frame t is inverse-transformed, windowed and added into an NFft-sample accumulator that covers padded
/// positions [t*hop, t*hop + NFft). Positions below (t+1)*hop can receive nothing from later frames, so after frame t
/// they are divided by the window-sum envelope (exact, including the first frames where fewer windows overlap) and
/// emitted; the first NFft/2 padded positions are the centre padding and are dropped, as torch does.</para>
/// <para>Latency: frame t (centred on sample t*hop) completes output samples up to (t+1)*hop - NFft/2 - 1, so it holds
/// back the last NFft - hop samples of its span (1536 at 2048/512) until later frames arrive. Chained behind a
/// <see cref="StreamingStft"/> (whose frame t is ready when input sample t*hop + NFft/2 - 1 arrives), output sample i
/// is final NFft - hop + r input samples after sample i arrived, where r = (-(i + NFft/2 + 1)) mod hop: so after N
/// input samples the chain has emitted exactly N - (NFft - hop) outputs whenever N - NFft/2 is a multiple of hop (every
/// hop at 2048/512 with hop-sized input blocks), and never fewer than N - (NFft - 1). A fixed-latency caller should
/// delay by NFft - 1 samples, or by NFft - hop if it feeds whole hops on that grid.</para>
/// <para>The first ceil(NFft/(2 hop)) pushes return fewer than hop samples (0 at 2048/512 for frames 0 and 1); every later
/// push returns exactly hop. Allocation-free per push; not thread-safe.</para>
/// </remarks>
public sealed class StreamingIstft
{
    private readonly StftFrameKernel kernel;
    private readonly WindowSumEnvelope envelope;
    private readonly float[] accumulator;
    private readonly int nFft;
    private readonly int hop;
    private readonly int padding;
    private long framesPushed;
    private bool finished;

    /// <summary>Creates a streaming inverse for the given geometry.</summary>
    public StreamingIstft(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        kernel = new StftFrameKernel(settings);
        envelope = new WindowSumEnvelope(settings);
        nFft = settings.NFft;
        hop = settings.Hop;
        padding = settings.Padding;
        accumulator = new float[nFft];
    }

    /// <summary>The STFT geometry.</summary>
    public StftSettings Settings { get; }

    /// <summary>Most samples one <see cref="Push"/> writes (the hop); size push output spans to this.</summary>
    public int MaxSamplesPerPush => hop;

    /// <summary>Most samples <see cref="Finish"/> writes: NFft - hop.</summary>
    public int MaxTailLength => nFft - hop;

    /// <summary>Samples a frame holds back for later frames: NFft - hop (see the latency remarks).</summary>
    public int LatencySamples => nFft - hop;

    /// <summary>Frames pushed since construction or <see cref="Reset"/>.</summary>
    public long FramesPushed => framesPushed;

    /// <summary>Output samples emitted so far by <see cref="Push"/> (excluding the tail).</summary>
    public long SamplesEmitted => Math.Max(0, framesPushed * hop - padding);

    /// <summary>
    /// Adds one frame (the first <see cref="StftSettings.Bins"/> values of <paramref name="real"/> and
    /// <paramref name="imag"/>) and writes the samples that became final to the start of <paramref name="output"/>
    /// (room for <see cref="MaxSamplesPerPush"/> needed). Returns how many were written (0 .. hop). // audio thread
    /// </summary>
    public int Push(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        if (finished)
        {
            throw new InvalidOperationException("StreamingIstft.Push after Finish: call Reset() to start a new stream.");
        }

        if (output.Length < hop)
        {
            throw new ArgumentException($"Push output has room for {output.Length} samples; it must hold a hop ({hop}).", nameof(output));
        }

        kernel.SynthesizeAdd(real, imag, accumulator);
        long frame = framesPushed++;
        long first = frame * hop;

        int written;
        int skip = (int)Math.Clamp(padding - first, 0, hop);
        if (skip == 0 && first >= nFft - hop)
        {
            // Steady state: every overlapping frame is in the sum and the envelope repeats every hop; first is a
            // multiple of hop, so position first + j uses steady[j].
            Divide(accumulator.AsSpan(0, hop), envelope.Steady, output);
            written = hop;
        }
        else
        {
            written = 0;
            for (int j = skip; j < hop; j++)
            {
                output[written++] = accumulator[j] / envelope.Complete(first + j);
            }
        }

        // Slide the accumulator by one hop; the freed end starts the next frame's fresh region.
        accumulator.AsSpan(hop).CopyTo(accumulator);
        accumulator.AsSpan(nFft - hop).Clear();
        return written;
    }

    /// <summary>
    /// Ends the stream: writes the last samples (up to <see cref="MaxTailLength"/>), normalized by the envelope of the
    /// frames that exist, and returns how many. Together with every push this is the full inverse of maximal length
    /// NFft/2 + hop*(frames-1); trim to the original signal length. Call <see cref="Reset"/> to reuse the instance.
    /// </summary>
    public int Finish(Span<float> output)
    {
        if (finished)
        {
            throw new InvalidOperationException("StreamingIstft.Finish was already called: call Reset() to start a new stream.");
        }

        if (output.Length < nFft - hop)
        {
            throw new ArgumentException($"Finish output has room for {output.Length} samples; it must hold n_fft - hop = {nFft - hop}.", nameof(output));
        }

        finished = true;
        if (framesPushed == 0)
        {
            return 0;
        }

        long lastFrame = framesPushed - 1;
        long first = framesPushed * hop;
        int written = 0;
        for (int j = 0; j < nFft - hop; j++)
        {
            long p = first + j;
            if (p >= padding)
            {
                output[written++] = accumulator[j] / envelope.At(p, lastFrame);
            }
        }

        return written;
    }

    private static void Divide(ReadOnlySpan<float> numerator, ReadOnlySpan<float> denominator, Span<float> quotient)
    {
        int n = numerator.Length;
        int i = 0;
        if (denominator.Length >= n && quotient.Length >= n)
        {
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                (new Vector<float>(numerator.Slice(i)) / new Vector<float>(denominator.Slice(i))).CopyTo(quotient.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            quotient[i] = numerator[i] / denominator[i];
        }
    }

    /// <summary>Forgets all frames so the instance can start a new stream. // audio thread</summary>
    public void Reset()
    {
        accumulator.AsSpan().Clear();
        framesPushed = 0;
        finished = false;
    }
}
