using LocoformerVst.Dsp.Spectral;
using static LocoformerVst.Dsp.Tests.Spectral.SpectralReference;

namespace LocoformerVst.Dsp.Tests.Spectral;

public class StreamingIstftTests
{
    [Theory]
    [InlineData(2048, 512, 12)]
    [InlineData(2048, 512, 2)]
    [InlineData(256, 64, 16)]
    [InlineData(256, 100, 9)]
    [InlineData(256, 128, 1)]
    [InlineData(16, 5, 30)]
    public void Pushed_frames_plus_finish_equal_the_batch_inverse_exactly(int nFft, int hop, int frames)
    {
        var settings = new StftSettings(nFft, hop);
        int bins = settings.Bins;
        // An arbitrary (inconsistent) spectrum, so the overlap-add and envelope are exercised, not just cancellation.
        float[] re = RandomSignal(frames * bins, seed: frames);
        float[] im = RandomSignal(frames * bins, seed: frames + 1);
        var stft = new Stft(settings);
        int length = stft.MaxInverseLength(frames);
        var batch = new float[length];
        stft.Inverse(re, im, frames, batch, length);

        var stream = new StreamingIstft(settings);
        var output = new List<float>();
        var block = new float[stream.MaxSamplesPerPush];
        for (int t = 0; t < frames; t++)
        {
            int n = stream.Push(re.AsSpan(t * bins, bins), im.AsSpan(t * bins, bins), block);
            // Frame t makes padded positions [t*hop, (t+1)*hop) final; the first n_fft/2 are the dropped padding.
            Assert.Equal(Math.Clamp((t + 1) * hop - nFft / 2, 0, hop), n);
            output.AddRange(block.AsSpan(0, n).ToArray());
        }

        var tail = new float[stream.MaxTailLength];
        int tailLength = stream.Finish(tail);
        output.AddRange(tail.AsSpan(0, tailLength).ToArray());

        Assert.Equal(nFft / 2 + hop * (frames - 1), output.Count);
        Assert.Equal(batch, output.GetRange(0, length).ToArray());
    }

    [Fact]
    public void Streaming_stft_into_streaming_istft_reconstructs_the_input_delayed_by_n_fft_minus_hop()
    {
        var settings = StftSettings.Default;
        var analysis = new StreamingStft(settings);
        var synthesis = new StreamingIstft(settings);
        Assert.Equal(2048 - 512, synthesis.LatencySamples);
        float[] x = RandomSignal(44_100, seed: 21);
        var re = new float[settings.Bins];
        var im = new float[settings.Bins];
        var block = new float[synthesis.MaxSamplesPerPush];
        var y = new List<float>();

        // Whole hops in: after each, every output sample up to (input count) - (n_fft - hop) is final.
        for (int offset = 0; offset < x.Length - 512; offset += 512)
        {
            Assert.Equal(512, analysis.Push(x.AsSpan(offset, 512)));
            while (analysis.TryReadFrame(re, im))
            {
                int n = synthesis.Push(re, im, block);
                y.AddRange(block.AsSpan(0, n).ToArray());
            }

            Assert.Equal(Math.Max(0, offset + 512 - (2048 - 512)), y.Count);
        }

        for (int i = 0; i < y.Count; i++)
        {
            Assert.True(Math.Abs(y[i] - x[i]) < 1e-5, $"sample {i}: {y[i]} vs {x[i]}");
        }
    }

    [Fact]
    public void Chain_latency_stays_between_n_fft_minus_hop_and_n_fft_minus_1_for_any_block_sizes()
    {
        var settings = new StftSettings(256, 100);
        var analysis = new StreamingStft(settings);
        var synthesis = new StreamingIstft(settings);
        float[] x = RandomSignal(20_000, seed: 33);
        var re = new float[settings.Bins];
        var im = new float[settings.Bins];
        var block = new float[synthesis.MaxSamplesPerPush];
        var y = new List<float>();
        var random = new Random(34);

        int offset = 0;
        while (offset < x.Length - 600)
        {
            int end = offset + random.Next(1, 600);
            while (offset < end)
            {
                offset += analysis.Push(x.AsSpan(offset, end - offset));
                while (analysis.TryReadFrame(re, im))
                {
                    int n = synthesis.Push(re, im, block);
                    y.AddRange(block.AsSpan(0, n).ToArray());
                }
            }

            if (offset > 256)
            {
                Assert.InRange(y.Count, offset - (256 - 1), offset - (256 - 100));
            }
        }

        for (int i = 0; i < y.Count; i++)
        {
            Assert.True(Math.Abs(y[i] - x[i]) < 1e-5, $"sample {i}: {y[i]} vs {x[i]}");
        }
    }

    [Fact]
    public void Push_does_not_allocate()
    {
        var settings = StftSettings.Default;
        var stream = new StreamingIstft(settings);
        float[] re = RandomSignal(settings.Bins, seed: 1);
        float[] im = RandomSignal(settings.Bins, seed: 2);
        var block = new float[stream.MaxSamplesPerPush];
        for (int i = 0; i < 10; i++)
        {
            stream.Push(re, im, block);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            stream.Push(re, im, block);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reset_starts_an_identical_new_stream()
    {
        var settings = new StftSettings(256, 64);
        float[] re = RandomSignal(settings.Bins, seed: 5);
        float[] im = RandomSignal(settings.Bins, seed: 6);
        var stream = new StreamingIstft(settings);
        var first = new float[64];
        var second = new float[64];
        for (int i = 0; i < 4; i++)
        {
            stream.Push(re, im, first);
        }

        stream.Reset();
        Assert.Equal(0, stream.FramesPushed);
        for (int i = 0; i < 4; i++)
        {
            stream.Push(re, im, second);
        }

        Assert.Equal(first, second);
    }

    [Fact]
    public void Misuse_is_rejected_with_the_required_sizes()
    {
        var stream = new StreamingIstft(new StftSettings(256, 64));
        var frame = new float[129];
        var error = Assert.Throws<ArgumentException>(() => stream.Push(frame, frame, new float[63]));
        Assert.Contains("hop (64)", error.Message);
        error = Assert.Throws<ArgumentException>(() => stream.Push(new float[128], frame, new float[64]));
        Assert.Contains("needs 129", error.Message);
        error = Assert.Throws<ArgumentException>(() => stream.Finish(new float[191]));
        Assert.Contains("n_fft - hop = 192", error.Message);
        Assert.Equal(0, stream.Finish(new float[192]));
        Assert.Throws<InvalidOperationException>(() => stream.Push(frame, frame, new float[64]));
    }
}
