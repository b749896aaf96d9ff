namespace LocoformerVst.Dsp.Tests.Spectral;

/// <summary>Slow, obviously-correct double-precision references and deterministic test signals for the Spectral tests.</summary>
internal static class SpectralReference
{
    public static float[] RandomSignal(int length, int seed, float amplitude = 1f)
    {
        var random = new Random(seed);
        var signal = new float[length];
        for (int i = 0; i < length; i++)
        {
            signal[i] = amplitude * (float)(2 * random.NextDouble() - 1);
        }

        return signal;
    }

    /// <summary>Onesided DFT X[k] = sum x[j] e^(-2 pi i jk/n), k = 0..n/2, in double.</summary>
    public static (double[] Re, double[] Im) Dft(ReadOnlySpan<float> x)
    {
        var wide = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            wide[i] = x[i];
        }

        return Dft(wide);
    }

    /// <summary>Onesided DFT of a double signal.</summary>
    public static (double[] Re, double[] Im) Dft(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        var (cos, sin) = Twiddles(n);
        var re = new double[n / 2 + 1];
        var im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++)
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                int e = (int)((long)j * k % n);
                sr += x[j] * cos[e];
                si -= x[j] * sin[e];
            }

            re[k] = sr;
            im[k] = si;
        }

        return (re, im);
    }

    /// <summary>Full complex DFT in double.</summary>
    public static (double[] Re, double[] Im) ComplexDft(ReadOnlySpan<float> xr, ReadOnlySpan<float> xi)
    {
        int n = xr.Length;
        var (cos, sin) = Twiddles(n);
        var re = new double[n];
        var im = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                int e = (int)((long)j * k % n);
                sr += xr[j] * cos[e] + xi[j] * sin[e];
                si += xi[j] * cos[e] - xr[j] * sin[e];
            }

            re[k] = sr;
            im[k] = si;
        }

        return (re, im);
    }

    /// <summary>Inverse of a Hermitian half-spectrum (like numpy/torch irfft: DC/Nyquist imaginary parts ignored), in double.</summary>
    public static double[] InverseDft(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int n)
    {
        var (cos, sin) = Twiddles(n);
        var x = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = re[0] + re[n / 2] * ((j & 1) == 0 ? 1 : -1);
            for (int k = 1; k < n / 2; k++)
            {
                int e = (int)((long)j * k % n);
                sum += 2 * (re[k] * cos[e] - im[k] * sin[e]);
            }

            x[j] = sum / n;
        }

        return x;
    }

    /// <summary>torch.stft (center, reflect, periodic Hann, onesided) straight from the definition, frame-major, in double.</summary>
    public static (double[] Re, double[] Im) NaiveStft(ReadOnlySpan<float> signal, int nFft, int hop)
    {
        int length = signal.Length;
        int frames = 1 + length / hop;
        int bins = nFft / 2 + 1;
        var re = new double[frames * bins];
        var im = new double[frames * bins];
        var frame = new double[nFft];
        for (int t = 0; t < frames; t++)
        {
            for (int n = 0; n < nFft; n++)
            {
                int i = t * hop + n - nFft / 2;
                if (i < 0)
                {
                    i = -i;
                }
                else if (i >= length)
                {
                    i = 2 * (length - 1) - i;
                }

                double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / nFft);
                frame[n] = w * signal[i];
            }

            var (fr, fi) = Dft(frame);
            fr.CopyTo(re, t * bins);
            fi.CopyTo(im, t * bins);
        }

        return (re, im);
    }

    public static double MaxAbs(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    public static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        }

        return max;
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)actual[i] - expected[i]));
        }

        return max;
    }

    private static (double[] Cos, double[] Sin) Twiddles(int n)
    {
        var cos = new double[n];
        var sin = new double[n];
        for (int e = 0; e < n; e++)
        {
            cos[e] = Math.Cos(2 * Math.PI * e / n);
            sin[e] = Math.Sin(2 * Math.PI * e / n);
        }

        return (cos, sin);
    }
}
