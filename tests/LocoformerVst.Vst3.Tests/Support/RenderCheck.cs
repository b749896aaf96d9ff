namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>Expected-output helpers: what a delay-and-gain render must produce, computed independently of the plugin.</summary>
public static class RenderCheck
{
    /// <summary>10^(dB/20) for the Gain parameter's plain range [-24, 12] dB at a normalized value.</summary>
    public static float GainAt(double normalized) => (float)Math.Pow(10, (-24 + 36 * normalized) / 20);

    /// <summary>Asserts out[n] = gain(n) · in[n − latency] (0 before the latency) on every channel.</summary>
    public static void AssertDelayedAndScaled(float[][] input, float[][] output, int latency, Func<int, float> gain,
        double tolerance = 1e-6)
    {
        Assert.Equal(input.Length, output.Length);
        for (int c = 0; c < input.Length; c++)
        {
            Assert.Equal(input[c].Length, output[c].Length);
            for (int n = 0; n < output[c].Length; n++)
            {
                float expected = n < latency ? 0f : gain(n) * input[c][n - latency];
                if (Math.Abs(output[c][n] - expected) > tolerance)
                    Assert.Fail($"channel {c}, sample {n}: expected {expected}, got {output[c][n]} (latency {latency})");
            }
        }
    }
}
