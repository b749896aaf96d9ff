using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Tests.Audio;

/// <summary>Deterministic test signals and measurements shared by the Audio, Resampling, Dynamics and Metrics tests.</summary>
internal static class TestSignals
{
    public static float[] Sine(int length, double frequency, int sampleRate, double amplitude = 0.5, double phase = 0)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        }

        return x;
    }

    /// <summary>Uniform white noise in [-amplitude, amplitude).</summary>
    public static float[] Noise(int length, int seed, double amplitude = 1.0)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * (2 * rng.NextDouble() - 1));
        }

        return x;
    }

    /// <summary>Sum of 40 random-phase sines spread up to <paramref name="maxFrequency"/>: noise-like but exactly band-limited.</summary>
    public static float[] BandLimitedNoise(int length, int sampleRate, double maxFrequency, int seed, double rms = 0.2)
    {
        var rng = new Random(seed);
        var sum = new double[length];
        const int partials = 40;
        for (int p = 0; p < partials; p++)
        {
            double f = 20 + rng.NextDouble() * (maxFrequency - 20);
            double phase = rng.NextDouble() * 2 * Math.PI;
            for (int i = 0; i < length; i++)
            {
                sum[i] += Math.Sin(2 * Math.PI * f * i / sampleRate + phase);
            }
        }

        double scale = rms / Math.Sqrt(partials / 2.0);
        return sum.Select(v => (float)(v * scale)).ToArray();
    }

    public static AudioBuffer Buffer(int sampleRate, params float[][] channels) => new(channels, sampleRate);

    /// <summary>10·log10(Σ ref² / Σ (ref − test)²) over [start, end).</summary>
    public static double SnrDb(ReadOnlySpan<float> reference, ReadOnlySpan<float> test)
    {
        double s = 0, e = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double d = (double)reference[i] - test[i];
            s += (double)reference[i] * reference[i];
            e += d * d;
        }

        return 10 * Math.Log10(s / e);
    }

    /// <summary>Frequency from interpolated upward zero crossings over the whole span.</summary>
    public static double ZeroCrossingFrequency(ReadOnlySpan<float> x, int sampleRate)
    {
        double first = -1, last = -1;
        int crossings = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i - 1] < 0 && x[i] >= 0)
            {
                double t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
                if (first < 0)
                {
                    first = t;
                }

                last = t;
                crossings++;
            }
        }

        return (crossings - 1) * sampleRate / (last - first);
    }

    /// <summary>Path of a committed fixture, copied beside the test assembly as fixtures/audio/NAME.</summary>
    public static string Fixture(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", name);
        Assert.True(File.Exists(path), $"fixture {path} is missing (is tests/fixtures copied to the output?)");
        return path;
    }
}
