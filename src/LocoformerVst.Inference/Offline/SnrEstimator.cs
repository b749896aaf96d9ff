namespace LocoformerVst.Inference.Offline;

/// <summary>
/// A blind (reference-free) SNR estimate in one streaming pass with fixed memory, so clean and enhance can report
/// how far the noise floor moved without a clean reference to compare with.
/// </summary>
/// <remarks>
/// The signal is cut into 50 ms frames; each frame's level is its mean square over all channels, in dB. Frames of
/// digital silence (below -120 dBFS) are ignored, since they are neither signal nor noise. The estimate is the
/// loud-frame level (90th percentile of frame levels) minus the noise floor (10th percentile): the quiet tenth of a
/// recording is taken to be mostly noise, as in minimum-statistics noise estimation. Levels go into a 0.1 dB
/// histogram, so the percentiles are exact to 0.1 dB and memory does not grow. It needs at least 10 frames (0.5 s).
/// </remarks>
public sealed class SnrEstimator
{
    private const double FloorDb = -120;
    private const double TopDb = 20;
    private const double BinDb = 0.1;
    private static readonly int BinCount = (int)((TopDb - FloorDb) / BinDb);

    private readonly int _channels;
    private readonly int _frameLength;
    private readonly long[] _histogram = new long[BinCount];
    private double _sum;
    private int _filled;
    private long _frames;

    public SnrEstimator(int sampleRate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _channels = channels;
        _frameLength = Math.Max(1, (int)Math.Round(sampleRate * 0.05));
    }

    /// <summary>The fewest scored frames for an estimate.</summary>
    public const int MinFrames = 10;

    /// <summary>Adds interleaved frames.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < _channels; c++)
            {
                double s = interleaved[i * _channels + c];
                _sum += s * s;
            }

            if (++_filled == _frameLength)
            {
                double db = 10 * Math.Log10(_sum / (_frameLength * (double)_channels));
                if (db >= FloorDb)
                {
                    _histogram[Math.Min(BinCount - 1, (int)((db - FloorDb) / BinDb))]++;
                    _frames++;
                }

                _sum = 0;
                _filled = 0;
            }
        }
    }

    /// <summary>Estimated SNR in dB, or NaN with fewer than <see cref="MinFrames"/> non-silent frames.</summary>
    public double EstimatedSnrDb => _frames < MinFrames ? double.NaN : Percentile(0.9) - Percentile(0.1);

    /// <summary>The noise floor (10th percentile frame level), dBFS, or NaN with too few frames.</summary>
    public double NoiseFloorDbfs => _frames < MinFrames ? double.NaN : Percentile(0.1);

    private double Percentile(double p)
    {
        long rank = Math.Max(1, (long)Math.Ceiling(p * _frames));
        long seen = 0;
        for (int b = 0; b < BinCount; b++)
        {
            seen += _histogram[b];
            if (seen >= rank)
            {
                return FloorDb + (b + 0.5) * BinDb;
            }
        }

        return TopDb;
    }
}
