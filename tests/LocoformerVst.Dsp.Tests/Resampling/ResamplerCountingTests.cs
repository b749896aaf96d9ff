using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Dsp.Tests.Audio;

namespace LocoformerVst.Dsp.Tests.Resampling;

/// <summary>The counting contract the real-time engine builds its exact latency on.</summary>
public class ResamplerCountingTests
{
    [Theory]
    [InlineData(48_000, 44_100)]
    [InlineData(44_100, 48_000)]
    [InlineData(44_056, 44_100)]
    [InlineData(44_100, 384_000)]
    [InlineData(384_000, 44_100)]
    public void Any_block_sizes_give_predicted_counts_and_bit_identical_output(int inputRate, int outputRate)
    {
        const int channels = 2;
        float[][] x = [TestSignals.Noise(30_000, 1, 0.5), TestSignals.Noise(30_000, 2, 0.5)];
        var whole = new StreamingResampler(inputRate, outputRate, channels);
        float[][] expected = [new float[whole.MaxOutputCountFor(30_000)], new float[whole.MaxOutputCountFor(30_000)]];
        int expectedCount = whole.Process(x, 0, 30_000, expected, 0);

        var blocks = new StreamingResampler(inputRate, outputRate, channels);
        float[][] actual = [new float[expected[0].Length], new float[expected[0].Length]];
        var rng = new Random(9);
        int fed = 0, produced = 0;
        while (fed < 30_000)
        {
            int n = Math.Min(30_000 - fed, rng.Next(0, 3000));
            int predicted = blocks.OutputCountFor(n);
            Assert.InRange(predicted, 0, blocks.MaxOutputCountFor(n));
            Assert.Equal(predicted, blocks.Process(x, fed, n, actual, produced));
            fed += n;
            produced += predicted;
            // After T inputs exactly floor(T * out / in) outputs exist.
            Assert.Equal((long)fed * outputRate / inputRate, blocks.TotalOutputFrames);
        }

        Assert.Equal(expectedCount, produced);
        Assert.Equal(expected[0].AsSpan(0, produced).ToArray(), actual[0].AsSpan(0, produced).ToArray());
        Assert.Equal(expected[1].AsSpan(0, produced).ToArray(), actual[1].AsSpan(0, produced).ToArray());
    }

    [Fact]
    public void Interleaved_and_planar_processing_agree()
    {
        float[] left = TestSignals.Noise(5000, 3), right = TestSignals.Noise(5000, 4);
        var planar = new StreamingResampler(48_000, 44_100, 2);
        float[][] planarOut = [new float[5000], new float[5000]];
        int n = planar.Process([left, right], 0, 5000, planarOut, 0);

        var interleaved = new StreamingResampler(48_000, 44_100, 2);
        float[] inInterleaved = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0 ? left[i / 2] : right[i / 2]).ToArray();
        var outInterleaved = new float[10_000];
        Assert.Equal(n, interleaved.Process(inInterleaved, outInterleaved));

        for (int i = 0; i < n; i++)
        {
            Assert.Equal(planarOut[0][i], outInterleaved[2 * i]);
            Assert.Equal(planarOut[1][i], outInterleaved[2 * i + 1]);
        }
    }

    [Theory]
    [InlineData(44_100, 48_000)]
    [InlineData(48_000, 44_100)]
    [InlineData(44_100, 96_000)]
    public void Input_count_for_is_the_fewest_frames_that_yield_the_requested_output(int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate, 1);
        var rng = new Random(2);
        var x = new float[4096];
        var y = new float[16_384];
        for (int round = 0; round < 200; round++)
        {
            int want = rng.Next(1, 1024);
            int need = resampler.InputCountFor(want);
            Assert.True(resampler.OutputCountFor(need) >= want);
            Assert.True(resampler.OutputCountFor(need - 1) < want);
            resampler.Process(x.AsSpan(0, need), y);
        }
    }

    [Fact]
    public void Reset_restores_the_initial_state()
    {
        var resampler = new StreamingResampler(48_000, 44_100, 1);
        float[] x = TestSignals.Noise(3000, 7);
        var first = new float[3000];
        var second = new float[3000];
        int n = resampler.Process(x, first);

        resampler.Reset();

        Assert.Equal(n, resampler.Process(x, second));
        Assert.Equal(first, second);
    }

    [Fact]
    public void Processing_allocates_nothing_after_construction()
    {
        var resampler = new StreamingResampler(48_000, 44_100, 2);
        float[][] input = [TestSignals.Noise(4096, 1), TestSignals.Noise(4096, 2)];
        float[][] output = [new float[8192], new float[8192]];
        float[] interleavedIn = TestSignals.Noise(2 * 4096, 3);
        var interleavedOut = new float[2 * 8192];
        resampler.Process(input, 0, 512, output, 0);   // JIT warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            int n = 1 + (i * 37) % 4000;
            resampler.Process(input, 0, n, output, 0);
            resampler.Process(interleavedIn.AsSpan(0, 2 * (n / 2)), interleavedOut);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Too_small_output_is_rejected_before_anything_is_consumed()
    {
        var resampler = new StreamingResampler(44_100, 48_000, 1);
        var ex = Assert.Throws<ArgumentException>(() => resampler.Process(new float[1000], new float[1000]));

        Assert.Contains("OutputCountFor(1000)", ex.Message);
        Assert.Equal(0, resampler.TotalInputFrames);
    }
}
