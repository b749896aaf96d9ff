using LocoformerVst.Dsp.Resampling;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// A <see cref="StreamingResampler"/> for whole files: drops the converter's group delay from the front and stops at
/// ceil(length * outRate / inRate) frames, so a file converted to 44.1 kHz and back keeps its exact length and timing
/// (the same result as <see cref="BufferResampler"/>, in blocks of bounded size). Interleaved frames.
/// </summary>
internal sealed class ExactLengthResampler
{
    private const int FlushBlockFrames = 1024;

    private readonly StreamingResampler _resampler;
    private readonly float[] _silence;
    private long _toSkip;

    /// <param name="targetLength">Output frames wanted; see <see cref="LengthAfter"/>.</param>
    public ExactLengthResampler(int inputRate, int outputRate, int channels, long targetLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetLength);
        _resampler = new StreamingResampler(inputRate, outputRate, channels);
        Channels = channels;
        TargetLength = targetLength;
        _toSkip = _resampler.LatencyFrames;
        _silence = new float[FlushBlockFrames * channels];
    }

    public int Channels { get; }

    /// <summary>Frames that <paramref name="inputLength"/> frames become: ceil(length * outRate / inRate).</summary>
    public static long LengthAfter(long inputLength, int inputRate, int outputRate) =>
        (inputLength * outputRate + inputRate - 1) / inputRate;

    /// <summary>Frames the output will have in total.</summary>
    public long TargetLength { get; }

    /// <summary>Frames returned so far.</summary>
    public long Produced { get; private set; }

    /// <summary>Whether every output frame has been returned.</summary>
    public bool IsComplete => Produced >= TargetLength;

    /// <summary>The output capacity (frames) a caller must provide for blocks of <paramref name="inputFrames"/> frames, flushing included.</summary>
    public int MaxOutputFor(int inputFrames) => _resampler.MaxOutputCountFor(Math.Max(inputFrames, FlushBlockFrames));

    /// <summary>Converts <paramref name="input"/>; writes the frames that belong to the output and returns their count.</summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int produced = _resampler.Process(input, output);
        int drop = (int)Math.Min(_toSkip, produced);
        _toSkip -= drop;
        int keep = (int)Math.Min(produced - drop, TargetLength - Produced);
        if (drop > 0 && keep > 0)
        {
            // Span.CopyTo is an overlap-safe move.
            output.Slice(drop * Channels, keep * Channels).CopyTo(output);
        }

        Produced += keep;
        return keep;
    }

    /// <summary>After the last input: feeds silence to release the delayed tail; call until <see cref="IsComplete"/>.</summary>
    public int Flush(Span<float> output) => IsComplete ? 0 : Process(_silence, output);
}
