using LocoformerVst.Dsp.Spectral;
using static LocoformerVst.Dsp.Tests.Spectral.SpectralReference;

namespace LocoformerVst.Dsp.Tests.Spectral;

public class RealFftTests
{
    public static TheoryData<int> Sizes => new() { 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_matches_a_double_precision_dft(int n)
    {
        float[] x = RandomSignal(n, seed: n);
        var fft = new RealFft(n);
        var re = new float[fft.Bins];
        var im = new float[fft.Bins];

        fft.Forward(x, re, im);

        var (expectedRe, expectedIm) = Dft(x);
        double scale = Math.Max(MaxAbs(expectedRe), MaxAbs(expectedIm));
        Assert.True(MaxAbsDifference(re, expectedRe) <= 2e-6 * scale, $"real error {MaxAbsDifference(re, expectedRe) / scale:E2} of max");
        Assert.True(MaxAbsDifference(im, expectedIm) <= 2e-6 * scale, $"imag error {MaxAbsDifference(im, expectedIm) / scale:E2} of max");
        Assert.Equal(0f, im[0]);
        Assert.Equal(0f, im[n / 2]);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inverse_matches_a_double_precision_inverse_dft_and_ignores_dc_and_nyquist_imaginary_parts(int n)
    {
        var fft = new RealFft(n);
        float[] re = RandomSignal(fft.Bins, seed: 10 + n);
        float[] im = RandomSignal(fft.Bins, seed: 20 + n);
        Assert.NotEqual(0f, im[0]);
        var output = new float[n];

        fft.Inverse(re, im, output);

        double[] expected = InverseDft(re, im, n);
        double scale = MaxAbs(expected);
        Assert.True(MaxAbsDifference(output, expected) <= 2e-6 * scale, $"error {MaxAbsDifference(output, expected) / scale:E2} of max");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inverse_of_forward_reconstructs_the_input(int n)
    {
        float[] x = RandomSignal(n, seed: 30 + n);
        var fft = new RealFft(n);
        var re = new float[fft.Bins];
        var im = new float[fft.Bins];
        var y = new float[n];

        fft.Forward(x, re, im);
        fft.Inverse(re, im, y);

        Assert.True(MaxAbsDifference(y, x) < 2e-6, $"max error {MaxAbsDifference(y, x):E2}");
    }

    [Fact]
    public void Forward_of_a_cosine_puts_its_energy_in_one_bin()
    {
        const int n = 2048;
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)Math.Cos(2 * Math.PI * 37 * i / n);
        }

        var fft = new RealFft(n);
        var re = new float[fft.Bins];
        var im = new float[fft.Bins];
        fft.Forward(x, re, im);

        Assert.Equal(n / 2, re[37], 2);
        for (int k = 0; k < fft.Bins; k++)
        {
            if (k != 37)
            {
                Assert.True(Math.Abs(re[k]) < 1e-3 && Math.Abs(im[k]) < 1e-3, $"bin {k}: {re[k]} + {im[k]}i");
            }
        }
    }

    [Fact]
    public void Complex_core_matches_a_double_precision_dft_for_every_layout()
    {
        // Sizes with square, wide and degenerate four-step matrices (rows x columns).
        foreach (int m in new[] { 1, 2, 4, 8, 32, 64, 128, 1024 })
        {
            float[] xr = RandomSignal(m, seed: 40 + m);
            float[] xi = RandomSignal(m, seed: 50 + m);
            var fft = new SplitComplexFft(m);
            var re = new float[m];
            var im = new float[m];

            fft.Forward(xr, xi, re, im);

            var (expectedRe, expectedIm) = ComplexDft(xr, xi);
            double scale = Math.Max(MaxAbs(expectedRe), MaxAbs(expectedIm));
            Assert.True(MaxAbsDifference(re, expectedRe) <= 2e-6 * scale, $"m={m} real");
            Assert.True(MaxAbsDifference(im, expectedIm) <= 2e-6 * scale, $"m={m} imag");
        }
    }

    [Fact]
    public void Forward_and_inverse_do_not_allocate()
    {
        var fft = new RealFft(2048);
        float[] x = RandomSignal(2048, seed: 1);
        var re = new float[fft.Bins];
        var im = new float[fft.Bins];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, x);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            fft.Forward(x, re, im);
            fft.Inverse(re, im, x);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    [InlineData(-8)]
    public void Sizes_that_are_not_powers_of_two_from_2_are_rejected(int n)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(n));
        Assert.Contains("power-of-two", error.Message);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_rejected_with_the_expected_sizes()
    {
        var fft = new RealFft(16);
        var error = Assert.Throws<ArgumentException>(() => fft.Forward(new float[15], new float[9], new float[9]));
        Assert.Contains("exactly 16", error.Message);
        error = Assert.Throws<ArgumentException>(() => fft.Forward(new float[16], new float[8], new float[9]));
        Assert.Contains("needs 9", error.Message);
        error = Assert.Throws<ArgumentException>(() => fft.Inverse(new float[9], new float[9], new float[17]));
        Assert.Contains("exactly 16", error.Message);
    }
}
