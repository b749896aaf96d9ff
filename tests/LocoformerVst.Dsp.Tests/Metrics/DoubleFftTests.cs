using LocoformerVst.Dsp.Metrics;
using LocoformerVst.Dsp.Tests.Spectral;

namespace LocoformerVst.Dsp.Tests.Metrics;

public class DoubleFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(64)]
    [InlineData(2048)]
    public void Forward_of_a_real_signal_matches_the_direct_dft_in_float64(int size)
    {
        float[] x = SpectralReference.RandomSignal(size, size);
        var re = x.Select(v => (double)v).ToArray();
        var im = new double[size];

        new DoubleFft(size).Forward(re, im);

        (double[] expectedRe, double[] expectedIm) = SpectralReference.Dft(x);
        for (int k = 0; k <= size / 2; k++)
        {
            Assert.Equal(expectedRe[k], re[k], 1e-9);
            Assert.Equal(expectedIm[k], im[k], 1e-9);
            // The upper half of a real signal's spectrum mirrors the lower (conjugate).
            Assert.Equal(re[k], re[(size - k) % size], 1e-9);
            Assert.Equal(-im[k], im[(size - k) % size], 1e-9);
        }
    }

    [Fact]
    public void Inverse_of_forward_returns_a_complex_signal_to_float64_precision()
    {
        const int size = 512;
        double[] re = [.. SpectralReference.RandomSignal(size, 1).Select(v => (double)v)];
        double[] im = [.. SpectralReference.RandomSignal(size, 2).Select(v => (double)v)];
        double[] originalRe = [.. re], originalIm = [.. im];
        var fft = new DoubleFft(size);

        fft.Forward(re, im);
        fft.Inverse(re, im);

        for (int i = 0; i < size; i++)
        {
            Assert.Equal(originalRe[i], re[i], 1e-14);
            Assert.Equal(originalIm[i], im[i], 1e-14);
        }
    }

    [Fact]
    public void Sizes_that_are_not_powers_of_two_and_wrong_spans_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DoubleFft(48));
        ArgumentException span = Assert.Throws<ArgumentException>(() => new DoubleFft(8).Forward(new double[8], new double[4]));
        Assert.Contains("needs spans of 8 values", span.Message);
    }
}
