using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Server.Tests.Support;

/// <summary>Generated WAV uploads and decoding of downloaded stems, through the project's own WAV reader and writer.</summary>
internal static class TestAudio
{
    /// <summary>A WAV of two detuned sines plus a little noise, as bytes.</summary>
    public static byte[] Wav(int rate, int channels, long frames, WavSampleFormat format = WavSampleFormat.Int16)
    {
        string path = Path.Combine(Path.GetTempPath(), $"locoformer-server-upload-{Guid.NewGuid():N}.wav");
        try
        {
            using (var writer = new WavStreamWriter(path, rate, channels, format))
            {
                var random = new Random(1);
                var block = new float[4096 * channels];
                for (long start = 0; start < frames; start += 4096)
                {
                    int n = (int)Math.Min(4096, frames - start);
                    for (int i = 0; i < n; i++)
                    {
                        double t = (double)(start + i) / rate;
                        for (int c = 0; c < channels; c++)
                        {
                            block[i * channels + c] = (float)(0.4 * Math.Sin(2 * Math.PI * (220 + 110 * c) * t) +
                                                              0.2 * Math.Sin(2 * Math.PI * 1250 * t) + 0.02 * (random.NextDouble() - 0.5));
                        }
                    }

                    writer.WriteFrames(block.AsSpan(0, n * channels));
                }

                writer.Commit();
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Decodes WAV bytes (throws AudioFormatException when they are not a valid WAV).</summary>
    public static AudioBuffer Read(byte[] wav) => AudioFile.Read(new MemoryStream(wav), "download");

    public static double MaxDifference(AudioBuffer a, AudioBuffer b)
    {
        double max = 0;
        for (int c = 0; c < a.Channels; c++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                max = Math.Max(max, Math.Abs(a.Samples[c][i] - b.Samples[c][i]));
            }
        }

        return max;
    }
}
