namespace LocoformerVst.Inference.Offline;

/// <summary>Measures <see cref="SignalStats"/> of interleaved audio in one streaming pass.</summary>
public sealed class SignalAnalyzer
{
    private readonly LoudnessMeter _loudness;
    private readonly SnrEstimator _snr;
    private double _sumSquares;
    private float _peak;
    private long _samples;

    public SignalAnalyzer(int sampleRate, int channels)
    {
        _loudness = new LoudnessMeter(sampleRate, channels);
        _snr = new SnrEstimator(sampleRate, channels);
    }

    /// <summary>Adds interleaved frames.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        double sum = 0;
        float peak = _peak;
        foreach (float s in interleaved)
        {
            sum += (double)s * s;
            peak = Math.Max(peak, Math.Abs(s));
        }

        _sumSquares += sum;
        _peak = peak;
        _samples += interleaved.Length;
        _loudness.Add(interleaved);
        _snr.Add(interleaved);
    }

    /// <summary>Largest absolute sample so far.</summary>
    public double Peak => _peak;

    /// <summary>Integrated loudness so far, LUFS.</summary>
    public double LoudnessLufs => _loudness.IntegratedLufs;

    /// <summary>The figures for everything added so far.</summary>
    public SignalStats Result()
    {
        double rms = _samples == 0 ? 0 : Math.Sqrt(_sumSquares / _samples);
        double peakDb = 20 * Math.Log10(_peak);
        double rmsDb = 20 * Math.Log10(rms);
        double crest = rms > 0 ? peakDb - rmsDb : double.NaN;
        return new SignalStats(_peak, peakDb, rmsDb, crest, _loudness.IntegratedLufs, _snr.EstimatedSnrDb);
    }
}
