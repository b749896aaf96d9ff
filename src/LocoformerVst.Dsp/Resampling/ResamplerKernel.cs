namespace LocoformerVst.Dsp.Resampling;

/// <summary>
/// The polyphase table of a Kaiser-windowed sinc low-pass for one rate pair. Row r holds the taps for an output that
/// falls r/Phases of an input sample after its base input sample; with <see cref="Exact"/> every output phase of the
/// rational ratio has its own row, otherwise rows are interpolated linearly.
/// </summary>
internal sealed class ResamplerKernel
{
    /// <summary>Zero crossings of the sinc on each side, counted at the lower of the two rates.</summary>
    public const int ZeroCrossings = 64;

    /// <summary>Cutoff as a fraction of the lower Nyquist: passband to ~0.89, stopband (-100 dB) from ~0.99 of it.</summary>
    public const double CutoffFraction = 0.94;

    /// <summary>Kaiser beta for about 100 dB of stopband attenuation.</summary>
    public const double KaiserBeta = 10.0;

    /// <summary>Rows used when the exact phase count would be too large (linear interpolation error ~ -100 dB).</summary>
    public const int InterpolatedPhases = 1024;

    private const int MaxExactPhases = 4096;
    private const long MaxExactCoefficients = 4L << 20;

    public ResamplerKernel(int inputRate, int outputRate, int outputPhases)
    {
        double cutoffHz = 0.5 * Math.Min(inputRate, outputRate) * CutoffFraction;
        double fc = cutoffHz / inputRate;                  // cycles per input sample
        double halfWidth = ZeroCrossings / (2.0 * fc);     // in input samples
        HalfTaps = (int)Math.Ceiling(halfWidth);
        Taps = 2 * HalfTaps;
        Exact = outputPhases <= MaxExactPhases && (long)outputPhases * Taps <= MaxExactCoefficients;
        Phases = Exact ? outputPhases : InterpolatedPhases;
        Table = new float[(Phases + 1) * Taps];

        var row = new double[Taps];
        double i0Beta = BesselI0(KaiserBeta);
        for (int p = 0; p <= Phases; p++)
        {
            double frac = (double)p / Phases;
            double sum = 0;
            for (int m = 0; m < Taps; m++)
            {
                // Tap m multiplies input (base - HalfTaps + 1 + m); its distance from the output instant is t.
                double t = frac + HalfTaps - 1 - m;
                double u = t / halfWidth;
                double w = Math.Abs(u) >= 1 ? 0 : BesselI0(KaiserBeta * Math.Sqrt(1 - u * u)) / i0Beta;
                double x = 2 * fc * t;
                double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                row[m] = 2 * fc * sinc * w;
                sum += row[m];
            }

            // Unit DC gain for every phase, so a constant stays exactly constant whatever the fraction.
            for (int m = 0; m < Taps; m++)
            {
                Table[p * Taps + m] = (float)(row[m] / sum);
            }
        }
    }

    /// <summary>Taps per output sample (2 * <see cref="HalfTaps"/>).</summary>
    public int Taps { get; }

    /// <summary>Input samples the kernel reaches on each side of an output instant.</summary>
    public int HalfTaps { get; }

    /// <summary>Rows (plus one extra row for interpolation at fraction 1).</summary>
    public int Phases { get; }

    /// <summary>True when <see cref="Phases"/> equals the ratio's output phase count, so no interpolation happens.</summary>
    public bool Exact { get; }

    /// <summary>(Phases + 1) rows of <see cref="Taps"/> coefficients.</summary>
    public float[] Table { get; }

    private static double BesselI0(double x)
    {
        // Power series; converges quickly for the arguments a Kaiser window uses (x <= beta).
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
