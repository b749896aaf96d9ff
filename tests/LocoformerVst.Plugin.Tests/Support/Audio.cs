namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>Band-limited test signals (below 10 kHz, so 48 kHz resampling passes them) and delayed-copy comparisons.</summary>
public static class Audio
{
    public static float[][] Music(int frames, int rate, int seed = 1)
    {
        var rng = new Random(seed);
        var x = new float[2][];
        for (int c = 0; c < 2; c++)
        {
            x[c] = new float[frames];
            double f1 = 110 + 50 * c, f2 = 440 + rng.Next(200), f3 = 3000 + rng.Next(3000);
            for (int i = 0; i < frames; i++)
            {
                double t = (double)i / rate;
                double envelope = Math.Sin(Math.PI * (t % 0.25) / 0.25);
                x[c][i] = (float)(0.3 * Math.Sin(2 * Math.PI * f1 * t) + 0.2 * Math.Sin(2 * Math.PI * f2 * t + c)
                    + 0.2 * envelope * envelope * Math.Sin(2 * Math.PI * f3 * t));
            }
        }
        return x;
    }

    /// <summary>Largest |output[i] − gain·input[i − delay]| over [from, to) (input before 0 counts as silence).</summary>
    public static double MaxDelayedError(float[][] input, float[][] output, int delay, double gain = 1, int from = 0, int to = int.MaxValue)
    {
        double worst = 0;
        for (int c = 0; c < input.Length; c++)
        {
            int end = Math.Min(to, output[c].Length);
            for (int i = Math.Max(0, from); i < end; i++)
            {
                double expected = i - delay >= 0 ? gain * input[c][i - delay] : 0;
                worst = Math.Max(worst, Math.Abs(output[c][i] - expected));
            }
        }
        return worst;
    }

    public static double Peak(float[][] signal, int from = 0, int to = int.MaxValue) =>
        signal.Max(ch => ch.Skip(from).Take(Math.Max(0, Math.Min(to, ch.Length) - from)).Select(Math.Abs).DefaultIfEmpty(0f).Max());
}
