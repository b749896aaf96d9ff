namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Reads a frame of a signal with torch's reflect padding (x[-j] = x[j], x[L-1+j] = x[L-1-j]); shared by the batch
/// and streaming STFT so both assemble identical frames.
/// </summary>
internal static class ReflectPadding
{
    /// <summary>
    /// Fills <paramref name="frame"/> with signal samples start .. start + frame.Length - 1, reflecting indices outside
    /// [0, length). <paramref name="source"/> holds signal samples from index <paramref name="sourceOffset"/> on;
    /// pass long.MaxValue as <paramref name="length"/> while the end of the signal is not known. // audio thread
    /// </summary>
    public static void ReadFrame(ReadOnlySpan<float> source, long sourceOffset, long length, long start, Span<float> frame)
    {
        int count = frame.Length;
        int j = 0;

        // Left reflection: x[-i] = x[i].
        for (; j < count && start + j < 0; j++)
        {
            frame[j] = source[(int)(-(start + j) - sourceOffset)];
        }

        // Inside the signal: one bulk copy.
        long insideEnd = Math.Min(start + count, length);
        if (start + j < insideEnd)
        {
            int run = (int)(insideEnd - (start + j));
            source.Slice((int)(start + j - sourceOffset), run).CopyTo(frame.Slice(j, run));
            j += run;
        }

        // Right reflection: x[L-1+i] = x[L-1-i].
        for (; j < count; j++)
        {
            frame[j] = source[(int)(2 * (length - 1) - (start + j) - sourceOffset)];
        }
    }
}
