using LocoformerVst.Inference.Models;

namespace LocoformerVst.Streaming.Tests;

/// <summary>The ONNX fixtures written by models/training/make_fixtures.py.</summary>
internal static class TestModels
{
    public static ModelEntry Identity => Load("identity-2stem");

    public static ModelEntry Tiny => Load("tiny-2stem");

    private static ModelEntry Load(string name) =>
        ModelEntry.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "models", name + ".json"));
}

/// <summary>Deterministic test signals and a block-wise driver for the separator.</summary>
internal static class Signals
{
    /// <summary>Sines and smooth bursts below 10 kHz, so 48/96 kHz resampling passes them unchanged.</summary>
    public static float[][] Music(int channels, int length, int rate, int seed = 1)
    {
        var rng = new Random(seed);
        var x = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            x[c] = new float[length];
            double f1 = 110 + 50 * c, f2 = 440 + rng.Next(200), f3 = 3000 + rng.Next(3000);
            for (int i = 0; i < length; i++)
            {
                double t = (double)i / rate;
                double envelope = Math.Sin(Math.PI * (t % 0.25) / 0.25);
                double burst = envelope * envelope * Math.Sin(2 * Math.PI * f3 * t);
                x[c][i] = (float)(0.3 * Math.Sin(2 * Math.PI * f1 * t) + 0.2 * Math.Sin(2 * Math.PI * f2 * t + c) + 0.2 * burst);
            }
        }

        return x;
    }

    /// <summary>Runs the whole signal through <paramref name="separator"/> in blocks chosen by <paramref name="blockSize"/>.</summary>
    public static float[][] Render(RealtimeSeparator separator, float[][] input, Func<int> blockSize, HostProcessMode mode, int maxBlock)
    {
        int channels = input.Length, length = input[0].Length;
        var output = new float[channels][];
        for (int c = 0; c < channels; c++) output[c] = new float[length];
        var inBlock = new float[channels * maxBlock];
        var outBlock = new float[channels * maxBlock];
        for (int pos = 0; pos < length;)
        {
            int n = Math.Min(blockSize(), length - pos);
            for (int c = 0; c < channels; c++) input[c].AsSpan(pos, n).CopyTo(inBlock.AsSpan(c * maxBlock));
            separator.Process(inBlock, maxBlock, outBlock, maxBlock, Span<float>.Empty, 0, n, mode);
            for (int c = 0; c < channels; c++) outBlock.AsSpan(c * maxBlock, n).CopyTo(output[c].AsSpan(pos));
            pos += n;
        }

        return output;
    }

    /// <summary>Largest |output[i] - gain * input[i - delay]| over [from, to), silence before the delay included.</summary>
    public static double MaxDelayedError(float[][] input, float[][] output, int delay, float gain = 1f, int from = 0, int to = -1)
    {
        double worst = 0;
        for (int c = 0; c < input.Length; c++)
        {
            int end = to < 0 ? output[c].Length : to;
            for (int i = from; i < end; i++)
            {
                float expected = i >= delay ? gain * input[c][i - delay] : 0f;
                worst = Math.Max(worst, Math.Abs(output[c][i] - expected));
            }
        }

        return worst;
    }
}
