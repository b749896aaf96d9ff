using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Resampling;

/// <summary>
/// Resamples a whole <see cref="AudioBuffer"/> with <see cref="StreamingResampler"/>, removing its latency, so the
/// result is time-aligned with the input and ceil(length * outRate / inRate) frames long.
/// </summary>
public static class BufferResampler
{
    private const int BlockFrames = 4096;

    /// <summary>Returns <paramref name="source"/> at <paramref name="outputRate"/> (a copy when the rates are equal).</summary>
    public static AudioBuffer Resample(AudioBuffer source, int outputRate)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.SampleRate == outputRate)
        {
            return source.Clone();
        }

        var resampler = new StreamingResampler(source.SampleRate, outputRate, source.Channels);
        long outLength = ((long)source.Length * outputRate + source.SampleRate - 1) / source.SampleRate;
        var result = new AudioBuffer(source.Channels, checked((int)outLength), outputRate);
        var scratch = new float[source.Channels][];
        var zeros = new float[source.Channels][];
        for (int c = 0; c < source.Channels; c++)
        {
            scratch[c] = new float[resampler.MaxOutputCountFor(BlockFrames)];
            zeros[c] = new float[BlockFrames];
        }

        long skip = resampler.LatencyFrames;
        int written = 0;
        int fed = 0;
        while (written < result.Length)
        {
            float[][] input;
            int offset, n;
            if (fed < source.Length)
            {
                (input, offset, n) = (source.Samples, fed, Math.Min(BlockFrames, source.Length - fed));
                fed += n;
            }
            else
            {
                // Past the end: feed silence until the delayed tail has come out.
                (input, offset, n) = (zeros, 0, BlockFrames);
            }

            int produced = resampler.Process(input, offset, n, scratch, 0);
            int from = (int)Math.Min(skip, produced);
            skip -= from;
            int take = Math.Min(produced - from, result.Length - written);
            for (int c = 0; c < source.Channels; c++)
            {
                Array.Copy(scratch[c], from, result.Samples[c], written, take);
            }

            written += take;
        }

        return result;
    }
}
