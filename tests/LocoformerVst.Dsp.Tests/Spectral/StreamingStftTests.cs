using LocoformerVst.Dsp.Spectral;
using static LocoformerVst.Dsp.Tests.Spectral.SpectralReference;

namespace LocoformerVst.Dsp.Tests.Spectral;

public class StreamingStftTests
{
    [Theory]
    [InlineData(2048, 512, 9_001, 1)]
    [InlineData(2048, 512, 5_000, 2)]
    [InlineData(2048, 512, 1_025, 3)]
    [InlineData(256, 64, 1_001, 4)]
    [InlineData(256, 100, 777, 5)]
    [InlineData(16, 8, 100, 6)]
    public void Frames_of_a_finished_stream_pushed_in_random_pieces_equal_the_batch_stft(int nFft, int hop, int length, int seed)
    {
        var settings = new StftSettings(nFft, hop);
        float[] x = RandomSignal(length, seed);
        var (batchRe, batchIm) = Batch(settings, x);
        var stream = new StreamingStft(settings);
        var random = new Random(seed);
        var (re, im) = (new List<float>(), new List<float>());

        int offset = 0;
        while (offset < length)
        {
            int piece = Math.Min(length - offset, random.Next(0, 3 * nFft));
            int end = offset + piece;
            while (offset < end)
            {
                offset += stream.Push(x.AsSpan(offset, end - offset));
                Drain(stream, re, im);
            }
        }

        stream.Finish();
        Drain(stream, re, im);

        Assert.Equal(settings.FrameCount(length), stream.FramesRead);
        Assert.Equal(batchRe, re.ToArray());
        Assert.Equal(batchIm, im.ToArray());
    }

    [Theory]
    [InlineData(2048, 512)]
    [InlineData(256, 100)]
    public void Each_frame_becomes_readable_exactly_when_the_sample_n_fft_over_2_past_its_centre_arrives(int nFft, int hop)
    {
        var settings = new StftSettings(nFft, hop);
        var stream = new StreamingStft(settings);
        Assert.Equal(nFft / 2, stream.LatencySamples);
        float[] x = RandomSignal(6 * nFft, seed: 9);
        var re = new float[settings.Bins];
        var im = new float[settings.Bins];

        for (int count = 1; count <= x.Length; count++)
        {
            Assert.Equal(1, stream.Push(x.AsSpan(count - 1, 1)));
            // Frame t needs samples through t*hop + n_fft/2 - 1; frame 0 also needs sample n_fft/2 (its reflection).
            long expectedFrames = count < nFft / 2 + 1 ? 0 : 1 + (count - nFft / 2) / hop;
            Assert.Equal(expectedFrames, stream.FramesRead + stream.FramesAvailable);
            while (stream.TryReadFrame(re, im))
            {
            }
        }
    }

    [Fact]
    public void Push_stops_taking_samples_while_unread_frames_fill_the_buffer_and_resumes_after_reading()
    {
        var settings = new StftSettings(256, 64);
        var stream = new StreamingStft(settings);
        float[] x = RandomSignal(10_000, seed: 2);

        int taken = stream.Push(x);
        Assert.True(taken is > 0 and < 10_000, $"took {taken}");
        Assert.Equal(0, stream.Push(x.AsSpan(taken)));
        Assert.True(stream.FramesAvailable > 0);

        var re = new float[settings.Bins];
        var im = new float[settings.Bins];
        while (stream.TryReadFrame(re, im))
        {
        }

        Assert.True(stream.Push(x.AsSpan(taken)) > 0);
    }

    [Fact]
    public void Reset_starts_an_identical_new_stream()
    {
        var settings = new StftSettings(256, 64);
        float[] x = RandomSignal(3000, seed: 4);
        var stream = new StreamingStft(settings);
        var (first, _) = Collect(stream, x);
        stream.Reset();
        Assert.Equal(0, stream.SamplesPushed);
        var (second, _) = Collect(stream, x);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Push_and_read_do_not_allocate()
    {
        var settings = StftSettings.Default;
        var stream = new StreamingStft(settings);
        float[] block = RandomSignal(333, seed: 8);
        var re = new float[settings.Bins];
        var im = new float[settings.Bins];
        for (int i = 0; i < 20; i++)
        {
            PushBlock(stream, block, re, im);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            PushBlock(stream, block, re, im);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(stream.FramesRead > 300);
    }

    [Fact]
    public void Finishing_a_stream_too_short_for_reflect_padding_throws()
    {
        var stream = new StreamingStft(StftSettings.Default);
        stream.Push(new float[1024]);
        var error = Assert.Throws<InvalidOperationException>(stream.Finish);
        Assert.Contains("at least n_fft/2 + 1 = 1025", error.Message);
    }

    [Fact]
    public void Pushing_after_finish_throws_until_reset()
    {
        var stream = new StreamingStft(new StftSettings(16, 4));
        stream.Push(new float[20]);
        stream.Finish();
        Assert.Throws<InvalidOperationException>(() => stream.Push(new float[1]));
        stream.Reset();
        Assert.Equal(1, stream.Push(new float[1]));
    }

    [Fact]
    public void Frame_spans_smaller_than_the_bin_count_are_rejected()
    {
        var stream = new StreamingStft(new StftSettings(16, 4));
        stream.Push(new float[20]);
        var error = Assert.Throws<ArgumentException>(() => stream.TryReadFrame(new float[8], new float[9]));
        Assert.Contains("9 bins", error.Message);
    }

    private static void PushBlock(StreamingStft stream, float[] block, float[] re, float[] im)
    {
        int offset = 0;
        while (offset < block.Length)
        {
            offset += stream.Push(block.AsSpan(offset));
            while (stream.TryReadFrame(re, im))
            {
            }
        }
    }

    private static (float[] Re, float[] Im) Collect(StreamingStft stream, float[] x)
    {
        var (re, im) = (new List<float>(), new List<float>());
        int offset = 0;
        while (offset < x.Length)
        {
            offset += stream.Push(x.AsSpan(offset));
            Drain(stream, re, im);
        }

        stream.Finish();
        Drain(stream, re, im);
        return (re.ToArray(), im.ToArray());
    }

    private static void Drain(StreamingStft stream, List<float> re, List<float> im)
    {
        var frameRe = new float[stream.Settings.Bins];
        var frameIm = new float[stream.Settings.Bins];
        while (stream.TryReadFrame(frameRe, frameIm))
        {
            re.AddRange(frameRe);
            im.AddRange(frameIm);
        }
    }

    private static (float[] Re, float[] Im) Batch(StftSettings settings, float[] x)
    {
        var stft = new Stft(settings);
        int size = stft.FrameCount(x.Length) * settings.Bins;
        var re = new float[size];
        var im = new float[size];
        stft.Forward(x, re, im);
        return (re, im);
    }
}
