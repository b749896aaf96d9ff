using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Inference.Tests.Offline;

/// <summary>Generated test audio for the offline engine: written block by block, so hour-long files cost no memory.</summary>
internal static class OfflineAudio
{
    /// <summary>Sines and smooth tone bursts below 10 kHz (so 48 kHz conversion passes them unchanged), peak about <paramref name="level"/>.</summary>
    public static float Sample(long i, int channel, int rate, double level = 0.7)
    {
        double t = (double)i / rate;
        double envelope = Math.Sin(Math.PI * (t % 0.25) / 0.25);
        double burst = envelope * envelope * Math.Sin(2 * Math.PI * (3000 + 700 * channel) * t);
        double tone = 0.43 * Math.Sin(2 * Math.PI * (110 + 55 * channel) * t) + 0.29 * Math.Sin(2 * Math.PI * 440 * t + channel);
        return (float)(level / 0.72 * (0.75 * tone + 0.25 * burst));
    }

    /// <summary>Writes <paramref name="frames"/> frames of <see cref="Sample"/> to a WAV file.</summary>
    public static string Write(string path, int rate, int channels, long frames, WavSampleFormat format = WavSampleFormat.Float32,
        double level = 0.7)
    {
        using var writer = new WavStreamWriter(path, rate, channels, format);
        var block = new float[4096 * channels];
        for (long start = 0; start < frames; start += 4096)
        {
            int n = (int)Math.Min(4096, frames - start);
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < channels; c++)
                {
                    block[i * channels + c] = Sample(start + i, c, rate, level);
                }
            }

            writer.WriteFrames(block.AsSpan(0, n * channels));
        }

        writer.Commit();
        return path;
    }

    /// <summary>Largest absolute difference between two buffers of the same shape.</summary>
    public static double MaxDifference(AudioBuffer a, AudioBuffer b, int from = 0, int to = -1)
    {
        Assert.Equal(a.Channels, b.Channels);
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (int c = 0; c < a.Channels; c++)
        {
            int end = to < 0 ? a.Length : to;
            for (int i = from; i < end; i++)
            {
                worst = Math.Max(worst, Math.Abs(a.Samples[c][i] - b.Samples[c][i]));
            }
        }

        return worst;
    }

    /// <summary>Largest absolute sample.</summary>
    public static double Peak(AudioBuffer a) => a.Samples.Max(ch => ch.Max(Math.Abs));

    /// <summary>Files in <paramref name="directory"/>, hidden ones included, as names.</summary>
    public static string[] Listing(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order()!] : [];
}
