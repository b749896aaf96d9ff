using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Dynamics;
using LocoformerVst.Dsp.Tests.Audio;

namespace LocoformerVst.Dsp.Tests.Dynamics;

public class SoftLimiterTests
{
    private const int Rate = 44_100;

    private static float[] Concat(params float[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Stereo_noise_at_plus_12_dbfs_never_exceeds_0_95()
    {
        var limiter = new SoftLimiter(2, Rate);
        float[] left = TestSignals.Noise(Rate, 1, amplitude: 4.0), right = TestSignals.Noise(Rate, 2, amplitude: 4.0);
        var outLeft = new float[Rate];
        var outRight = new float[Rate];

        limiter.Process(left, right, outLeft, outRight);

        Assert.True(outLeft.Concat(outRight).Max(Math.Abs) <= 0.95f);
        Assert.Equal(0, limiter.SafetyClampCount);   // the gain alone kept it there, not the final clamp
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(440.0)]
    [InlineData(10_000.0)]
    public void Hot_sines_never_exceed_0_95_and_reach_it(double frequency)
    {
        var limiter = new SoftLimiter(1, Rate);
        float[] x = TestSignals.Sine(Rate, frequency, Rate, amplitude: 4.0);
        var y = new float[x.Length];

        limiter.Process(x, y);

        float peak = y.Max(Math.Abs);
        Assert.True(peak <= 0.95f, $"peak {peak}");
        Assert.True(peak > 0.94f, $"peak {peak}: over-limited");
        Assert.Equal(0, limiter.SafetyClampCount);
    }

    [Fact]
    public void An_isolated_overload_is_brought_exactly_to_the_ceiling()
    {
        var limiter = new SoftLimiter(1, Rate);
        var x = new float[2000];
        x[500] = 2.0f;
        var y = new float[x.Length];

        limiter.Process(x, y);

        Assert.Equal(0.95f, y[500 + limiter.LatencyFrames], 1e-6f);
    }

    [Fact]
    public void Gain_moves_at_most_one_look_ahead_step_per_frame()
    {
        var limiter = new SoftLimiter(2, Rate);
        float[] burst = Concat(TestSignals.Sine(2000, 300, Rate, 0.3), TestSignals.Noise(3000, 4, 6.0),
            TestSignals.Sine(20_000, 300, Rate, 0.3), Enumerable.Repeat(5f, 50).ToArray(), new float[10_000]);
        double bound = 1.0 / (limiter.LatencyFrames + 1);
        double previous = 1, maxStep = 0;
        float[] inLeft = new float[1], inRight = new float[1], outLeft = new float[1], outRight = new float[1];
        foreach (float v in burst)
        {
            inLeft[0] = v;
            inRight[0] = -0.5f * v;
            limiter.Process(inLeft, inRight, outLeft, outRight);
            maxStep = Math.Max(maxStep, Math.Abs(limiter.CurrentGain - previous));
            previous = limiter.CurrentGain;
        }

        Assert.True(maxStep <= bound + 1e-12, $"max gain step {maxStep} > {bound}");
        Assert.True(maxStep > bound / 4, $"max gain step {maxStep}: the bursts should have moved the gain quickly");
    }

    [Fact]
    public void Quiet_input_comes_out_bit_identical_after_the_latency()
    {
        var limiter = new SoftLimiter(2, Rate);
        float[] left = TestSignals.Sine(10_000, 440, Rate, 0.7), right = TestSignals.Noise(10_000, 3, 0.7);
        var outLeft = new float[10_000];
        var outRight = new float[10_000];

        limiter.Process(left, right, outLeft, outRight);

        int d = limiter.LatencyFrames;
        Assert.All(outLeft[..d], v => Assert.Equal(0f, v));
        Assert.Equal(left[..^d], outLeft[d..]);
        Assert.Equal(right[..^d], outRight[d..]);
    }

    [Fact]
    public void Gain_recovers_with_the_release_time_constant()
    {
        var options = new SoftLimiterOptions { ReleaseMs = 50 };
        var limiter = new SoftLimiter(1, Rate, options);
        limiter.Process(Enumerable.Repeat(1.9f, 2000).ToArray(), new float[2000]);   // steady gain 0.5
        Assert.Equal(0.95 / 1.9f, limiter.CurrentGain, 1e-12);

        int tau = (int)(0.050 * Rate);
        var quiet = new float[tau];
        limiter.Process(quiet, new float[tau]);
        double afterOneTau = limiter.CurrentGain;
        limiter.Process(new float[6 * tau], new float[6 * tau]);

        // 1 - 0.5 * e^-1 = 0.816 after one time constant (the look-ahead average lags it by ~1 ms).
        Assert.InRange(afterOneTau, 0.79, 0.83);
        Assert.True(limiter.CurrentGain > 0.999, $"gain {limiter.CurrentGain} after 7 time constants");
    }

    [Fact]
    public void Soft_knee_follows_its_quadratic_curve()
    {
        var options = new SoftLimiterOptions { KneeDb = 6 };
        var limiter = new SoftLimiter(1, Rate, options);
        const float level = 0.9f;   // inside the knee: ceiling 0.95 is -0.446 dBFS, the knee spans -3.446..+2.554 dBFS
        var y = new float[5000];
        limiter.Process(Enumerable.Repeat(level, 5000).ToArray(), y);

        double x = 20 * Math.Log10(level), t = 20 * Math.Log10(0.95), w = 6;
        double expectedDb = x - Math.Pow(x - t + w / 2, 2) / (2 * w);
        Assert.Equal(Math.Pow(10, expectedDb / 20), y[^1], 1e-5);
    }

    [Fact]
    public void Non_finite_input_becomes_silence_instead_of_poisoning_the_gain()
    {
        var limiter = new SoftLimiter(1, Rate);
        float[] x = TestSignals.Sine(1000, 440, Rate, 0.5);
        x[100] = float.NaN;
        x[200] = float.PositiveInfinity;
        var y = new float[1000];

        limiter.Process(x, y);

        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(0f, y[100 + limiter.LatencyFrames]);
        Assert.Equal(1.0, limiter.CurrentGain);
    }

    [Fact]
    public void Limiting_a_whole_buffer_removes_the_latency()
    {
        float[] x = Concat(TestSignals.Sine(3000, 200, Rate, 0.4), new[] { 3f }, TestSignals.Sine(3000, 200, Rate, 0.4));
        var input = new AudioBuffer([x, x.Select(v => -v).ToArray()], Rate);

        AudioBuffer y = SoftLimiter.Limit(input);

        Assert.Equal(input.Length, y.Length);
        Assert.Equal(3000, Array.IndexOf(y.Samples[0], y.Samples[0].Max()));
        Assert.Equal(0.95f, y.Samples[0][3000], 1e-6f);
        Assert.Equal(-0.95f, y.Samples[1][3000], 1e-6f);
        Assert.Equal(x[..1000], y.Samples[0][..1000]);   // untouched before the look-ahead window
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        var limiter = new SoftLimiter(2, Rate);
        float[][] io = [TestSignals.Noise(4096, 1, 3), TestSignals.Noise(4096, 2, 3)];
        float[] mono = TestSignals.Noise(4096, 3, 3);
        var mono1 = new SoftLimiter(1, Rate);
        limiter.Process(io, io, 0, 64);
        limiter.Process(io[0].AsSpan(0, 64), io[1].AsSpan(0, 64), io[0].AsSpan(0, 64), io[1].AsSpan(0, 64));
        mono1.Process(mono.AsSpan(0, 64), mono.AsSpan(0, 64));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            limiter.Process(io, io, 0, 4096);
            limiter.Process(io[0], io[1], io[0], io[1]);
            mono1.Process(mono, mono);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Latency_is_the_look_ahead_in_frames()
    {
        Assert.Equal(88, new SoftLimiter(2, 44_100).LatencyFrames);
        Assert.Equal(240, new SoftLimiter(2, 48_000, new SoftLimiterOptions { LookAheadMs = 5 }).LatencyFrames);
    }
}
