namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Integrated loudness (LUFS) after ITU-R BS.1770-4, in one streaming pass with fixed memory, so the enhance polish can
/// normalize a song of any length to a loudness target the way streaming services measure it.
/// </summary>
/// <remarks>
/// <para>K-weighting: the standard's high-shelf "pre-filter" and RLB high-pass, with the analog prototypes
/// (f0 1681.97 Hz, +4.0 dB, Q 0.7072; f0 38.14 Hz, Q 0.5003) mapped to the file's rate by the bilinear transform, so
/// any sample rate measures alike. Channel weights are 1 (mono or L/R; no surround weights).</para>
/// <para>Gating: 400 ms blocks every 100 ms; blocks under -70 LUFS are dropped (absolute gate), then blocks more than
/// 10 LU under the mean of the rest (relative gate). Blocks are kept in a histogram of 0.02 LU bins holding each bin's
/// count and energy sum rather than a list, so memory does not grow with the file; the relative gate is therefore
/// placed to within 0.02 LU, while the gated mean itself uses exact block energies.</para>
/// <para>A signal shorter than one block is measured as a single block of its whole length.</para>
/// </remarks>
public sealed class LoudnessMeter
{
    private const double AbsoluteGateLufs = -70;
    private const double RelativeGateLu = 10;
    private const double BinWidthLu = 0.02;
    private const double TopLufs = 10;
    private static readonly int BinCount = (int)((TopLufs - AbsoluteGateLufs) / BinWidthLu);

    private readonly int _channels;
    private readonly Biquad[] _shelf;
    private readonly Biquad[] _highPass;
    private readonly int _stepFrames;
    private readonly double[] _steps = new double[4]; // energy of the last four 100 ms steps
    private readonly long[] _binCount = new long[BinCount];
    private readonly double[] _binEnergy = new double[BinCount];
    private double _current;
    private int _currentFrames;
    private long _completedSteps;
    private double _totalEnergy;
    private long _totalFrames;

    public LoudnessMeter(int sampleRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _channels = channels;
        _stepFrames = Math.Max(1, (int)Math.Round(sampleRate * 0.1));
        _shelf = new Biquad[channels];
        _highPass = new Biquad[channels];
        for (int c = 0; c < channels; c++)
        {
            _shelf[c] = Biquad.HighShelf(sampleRate);
            _highPass[c] = Biquad.HighPass(sampleRate);
        }
    }

    /// <summary>Adds interleaved frames.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        for (int i = 0; i < frames; i++)
        {
            double sum = 0;
            for (int c = 0; c < _channels; c++)
            {
                double z = _highPass[c].Step(_shelf[c].Step(interleaved[i * _channels + c]));
                sum += z * z;
            }

            _current += sum;
            _totalEnergy += sum;
            _totalFrames++;
            if (++_currentFrames == _stepFrames)
            {
                CloseStep();
            }
        }
    }

    /// <summary>Integrated loudness of everything added, LUFS; negative infinity for silence.</summary>
    public double IntegratedLufs
    {
        get
        {
            if (_completedSteps < 4)
            {
                return _totalFrames == 0 ? double.NegativeInfinity : ToLufs(_totalEnergy / _totalFrames);
            }

            (long count, double energy) = GatedSum(0);
            if (count == 0)
            {
                return double.NegativeInfinity;
            }

            double relativeGate = ToLufs(energy / count) - RelativeGateLu;
            int firstBin = Math.Max(0, (int)Math.Ceiling((relativeGate - AbsoluteGateLufs) / BinWidthLu));
            (count, energy) = GatedSum(firstBin);
            return count == 0 ? double.NegativeInfinity : ToLufs(energy / count);
        }
    }

    private static double ToLufs(double meanSquare) => -0.691 + 10 * Math.Log10(meanSquare);

    private (long Count, double Energy) GatedSum(int firstBin)
    {
        long count = 0;
        double energy = 0;
        for (int b = firstBin; b < BinCount; b++)
        {
            count += _binCount[b];
            energy += _binEnergy[b];
        }

        return (count, energy);
    }

    private void CloseStep()
    {
        _steps[_completedSteps % 4] = _current;
        _completedSteps++;
        _current = 0;
        _currentFrames = 0;
        if (_completedSteps < 4)
        {
            return;
        }

        double meanSquare = (_steps[0] + _steps[1] + _steps[2] + _steps[3]) / (4.0 * _stepFrames);
        double lufs = ToLufs(meanSquare);
        if (!(lufs > AbsoluteGateLufs))
        {
            return;
        }

        int bin = Math.Min(BinCount - 1, (int)((lufs - AbsoluteGateLufs) / BinWidthLu));
        _binCount[bin]++;
        _binEnergy[bin] += meanSquare;
    }

    /// <summary>Direct form I biquad in double precision (a0 normalized to 1).</summary>
    private struct Biquad
    {
        private double _b0, _b1, _b2, _a1, _a2;
        private double _x1, _x2, _y1, _y2;

        public static Biquad HighShelf(int rate)
        {
            const double f0 = 1681.974450955533, gainDb = 3.999843853973347, q = 0.7071752369554196;
            double k = Math.Tan(Math.PI * f0 / rate);
            double vh = Math.Pow(10, gainDb / 20);
            double vb = Math.Pow(vh, 0.4996667741545416);
            double a0 = 1 + k / q + k * k;
            return new Biquad
            {
                _b0 = (vh + vb * k / q + k * k) / a0,
                _b1 = 2 * (k * k - vh) / a0,
                _b2 = (vh - vb * k / q + k * k) / a0,
                _a1 = 2 * (k * k - 1) / a0,
                _a2 = (1 - k / q + k * k) / a0,
            };
        }

        public static Biquad HighPass(int rate)
        {
            const double f0 = 38.13547087602444, q = 0.5003270373238773;
            double k = Math.Tan(Math.PI * f0 / rate);
            double a0 = 1 + k / q + k * k;
            return new Biquad
            {
                _b0 = 1,
                _b1 = -2,
                _b2 = 1,
                _a1 = 2 * (k * k - 1) / a0,
                _a2 = (1 - k / q + k * k) / a0,
            };
        }

        public double Step(double x)
        {
            double y = _b0 * x + _b1 * _x1 + _b2 * _x2 - _a1 * _y1 - _a2 * _y2;
            (_x2, _x1, _y2, _y1) = (_x1, x, _y1, y);
            return y;
        }
    }
}
