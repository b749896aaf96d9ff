using LocoformerVst.Dsp.Spectral;
using static LocoformerVst.Dsp.Tests.Spectral.SpectralReference;

namespace LocoformerVst.Dsp.Tests.Spectral;

public class StftTests
{
    [Theory]
    [InlineData(256, 64, 1001)]
    [InlineData(256, 100, 777)]
    [InlineData(64, 16, 33)]
    [InlineData(64, 32, 65)]
    public void Forward_matches_the_torch_stft_definition(int nFft, int hop, int length)
    {
        float[] x = RandomSignal(length, seed: length);
        var stft = new Stft(new StftSettings(nFft, hop));
        int size = stft.FrameCount(length) * stft.Settings.Bins;
        var re = new float[size];
        var im = new float[size];

        stft.Forward(x, re, im);

        var (expectedRe, expectedIm) = NaiveStft(x, nFft, hop);
        double scale = Math.Max(MaxAbs(expectedRe), MaxAbs(expectedIm));
        Assert.True(MaxAbsDifference(re, expectedRe) < 2e-6 * scale, $"real error {MaxAbsDifference(re, expectedRe) / scale:E2}");
        Assert.True(MaxAbsDifference(im, expectedIm) < 2e-6 * scale, $"imag error {MaxAbsDifference(im, expectedIm) / scale:E2}");
    }

    [Theory]
    [InlineData(2048, 512, 1025)]
    [InlineData(2048, 512, 4999)]
    [InlineData(2048, 512, 44_101)]
    [InlineData(256, 64, 129)]
    [InlineData(256, 64, 1001)]
    [InlineData(256, 100, 777)]
    [InlineData(16, 8, 9)]
    public void Istft_of_stft_reconstructs_odd_length_signals(int nFft, int hop, int length)
    {
        float[] x = RandomSignal(length, seed: 7 * length);
        var stft = new Stft(new StftSettings(nFft, hop));
        int frames = stft.FrameCount(length);
        var re = new float[frames * stft.Settings.Bins];
        var im = new float[frames * stft.Settings.Bins];
        var y = new float[length];

        stft.Forward(x, re, im);
        stft.Inverse(re, im, frames, y, length);

        Assert.True(MaxAbsDifference(y, x) < 1e-5, $"max error {MaxAbsDifference(y, x):E2}");
    }

    [Fact]
    public void Inverse_to_the_longest_length_reconstructs_the_reflected_tail()
    {
        // With hop | length the last frame's span ends n_fft/2 - 1 samples past the signal, inside its reflection.
        const int nFft = 256, hop = 64, length = 640;
        float[] x = RandomSignal(length, seed: 3);
        var stft = new Stft(new StftSettings(nFft, hop));
        int frames = stft.FrameCount(length);
        int longest = stft.MaxInverseLength(frames);
        Assert.Equal(nFft / 2 + hop * (frames - 1), longest);
        var re = new float[frames * stft.Settings.Bins];
        var im = new float[frames * stft.Settings.Bins];
        var y = new float[longest];

        stft.Forward(x, re, im);
        stft.Inverse(re, im, frames, y, longest);

        for (int i = 0; i < longest; i++)
        {
            float expected = i < length ? x[i] : x[2 * (length - 1) - i];
            // The last few samples are divided by window sums down to sin^4(pi/256) ~ 2e-8, which amplifies rounding.
            double tolerance = i < longest - 16 ? 1e-5 : 1e-3;
            Assert.True(Math.Abs(y[i] - expected) < tolerance, $"sample {i}: {y[i]} vs {expected}");
        }
    }

    [Fact]
    public void Longest_inverse_at_n_fft_2048_stops_before_the_sample_whose_window_sum_is_below_torch_limit()
    {
        var stft = new Stft();
        // w[2047]^2 = sin^4(pi/2048) ~ 5.5e-12 < 1e-11: torch.istft refuses that last sample, and so do we.
        Assert.Equal(1024 + 512 * 9 - 1, stft.MaxInverseLength(10));
        var spectrum = new float[10 * 1025];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => stft.Inverse(spectrum, spectrum, 10, new float[6000], 1024 + 512 * 9));
        Assert.Contains("1e-11", error.Message);
    }

    [Fact]
    public void Inverse_of_a_shorter_length_is_the_prefix_of_the_longest_inverse()
    {
        var stft = new Stft(new StftSettings(256, 64));
        const int frames = 9;
        float[] re = RandomSignal(frames * 129, seed: 11);
        float[] im = RandomSignal(frames * 129, seed: 12);
        int longest = stft.MaxInverseLength(frames);
        var full = new float[longest];
        stft.Inverse(re, im, frames, full, longest);

        foreach (int length in new[] { 1, 63, 64, 65, 200, 511, longest - 1 })
        {
            var part = new float[length];
            stft.Inverse(re, im, frames, part, length);
            Assert.Equal(full.AsSpan(0, length).ToArray(), part);
        }
    }

    [Fact]
    public void Forward_and_inverse_do_not_allocate()
    {
        var stft = new Stft();
        float[] x = RandomSignal(20_000, seed: 5);
        int frames = stft.FrameCount(x.Length);
        var re = new float[frames * 1025];
        var im = new float[frames * 1025];
        stft.Forward(x, re, im);
        stft.Inverse(re, im, frames, x, x.Length);

        long before = GC.GetAllocatedBytesForCurrentThread();
        stft.Forward(x, re, im);
        stft.Inverse(re, im, frames, x, x.Length);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Signals_too_short_for_reflect_padding_are_rejected()
    {
        var stft = new Stft();
        var error = Assert.Throws<ArgumentException>(() => stft.Forward(new float[1024], new float[3 * 1025], new float[3 * 1025]));
        Assert.Contains("at least 1025", error.Message);
    }

    [Fact]
    public void Spectrum_spans_smaller_than_frames_times_bins_are_rejected()
    {
        var stft = new Stft(new StftSettings(256, 64));
        // 1001 samples -> 16 frames x 129 bins.
        var error = Assert.Throws<ArgumentException>(() => stft.Forward(new float[1001], new float[16 * 129 - 1], new float[16 * 129]));
        Assert.Contains("16 frames x 129 bins", error.Message);
        error = Assert.Throws<ArgumentException>(() => stft.Inverse(new float[15 * 129], new float[16 * 129], 16, new float[1001], 1001));
        Assert.Contains("16 frames x 129 bins", error.Message);
    }

    [Fact]
    public void Inverse_rejects_impossible_lengths_and_frame_counts()
    {
        var stft = new Stft(new StftSettings(256, 64));
        var spectrum = new float[4 * 129];
        // 4 frames reach n_fft/2 + 3 hops = 320 samples.
        Assert.Throws<ArgumentOutOfRangeException>(() => stft.Inverse(spectrum, spectrum, 4, new float[400], 321));
        Assert.Throws<ArgumentOutOfRangeException>(() => stft.Inverse(spectrum, spectrum, 4, new float[400], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => stft.Inverse(spectrum, spectrum, 0, new float[400], 10));
        var error = Assert.Throws<ArgumentException>(() => stft.Inverse(spectrum, spectrum, 4, new float[100], 200));
        Assert.Contains("room for 100", error.Message);
    }
}
