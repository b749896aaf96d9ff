using System.Numerics;

namespace LocoformerVst.Dsp.Metrics;

/// <summary>
/// A plain radix-2 complex FFT in float64, for the evaluator's oracle mask. The product's float32 <c>RealFft</c> is
/// faster, but its rounding (about 6e-8 of the signal) is twenty times the whole error of a 170 dB window (3e-9), which
/// oracle estimates reach where one source is silent; numpy (float64) resolves it, and the two evaluators must agree
/// to a thousandth of a dB.
/// </summary>
internal sealed class DoubleFft
{
    private readonly double[] cos;
    private readonly double[] sin;
    private readonly int[] reversed;

    /// <summary>Precomputes twiddles (each from its own angle, so errors do not accumulate) and the bit-reversal table.</summary>
    public DoubleFft(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two of at least 2.");
        }

        Size = size;
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            double angle = 2.0 * Math.PI * k / size;
            cos[k] = Math.Cos(angle);
            sin[k] = Math.Sin(angle);
        }

        int bits = BitOperations.Log2((uint)size);
        reversed = new int[size];
        for (int i = 0; i < size; i++)
        {
            reversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
        }
    }

    /// <summary>Transform length.</summary>
    public int Size { get; }

    /// <summary>In place X[k] = Σ x[n]·e^(−2πikn/N), unscaled.</summary>
    public void Forward(Span<double> real, Span<double> imag) => Transform(real, imag, -1.0);

    /// <summary>In place x[n] = (1/N)·Σ X[k]·e^(+2πikn/N).</summary>
    public void Inverse(Span<double> real, Span<double> imag)
    {
        Transform(real, imag, 1.0);
        double scale = 1.0 / Size;
        for (int i = 0; i < Size; i++)
        {
            real[i] *= scale;
            imag[i] *= scale;
        }
    }

    private void Transform(Span<double> real, Span<double> imag, double sign)
    {
        int n = Size;
        if (real.Length != n || imag.Length != n)
        {
            throw new ArgumentException($"The FFT of size {n} needs spans of {n} values; got {real.Length} and {imag.Length}.");
        }

        for (int i = 0; i < n; i++)
        {
            int j = reversed[i];
            if (j > i)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imag[i], imag[j]) = (imag[j], imag[i]);
            }
        }

        for (int length = 2; length <= n; length <<= 1)
        {
            int half = length / 2;
            int step = n / length;
            for (int start = 0; start < n; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    double wr = cos[k * step], wi = sign * sin[k * step];
                    int a = start + k, b = a + half;
                    double xr = real[b] * wr - imag[b] * wi;
                    double xi = real[b] * wi + imag[b] * wr;
                    real[b] = real[a] - xr;
                    imag[b] = imag[a] - xi;
                    real[a] += xr;
                    imag[a] += xi;
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
