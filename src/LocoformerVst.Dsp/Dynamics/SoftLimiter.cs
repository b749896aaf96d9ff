using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Dynamics;

/// <summary>
/// Channel-linked look-ahead limiter that guarantees |output| &lt;= <see cref="SoftLimiterOptions.Ceiling"/> (0.95 by
/// default) with a smooth gain, so hot separated stems never clip when written or summed.
/// <para>
/// Per frame the required gain g (soft knee; ceiling / peak above it) enters a sliding minimum over the look-ahead
/// window of W = <see cref="LatencyFrames"/> + 1 frames, then an instant-attack, exponential-release follower (which
/// never rises above that minimum), then a W-frame moving average. The average that reaches a peak's frame only holds
/// values no larger than that peak's g, so the peak is brought to the ceiling by construction; the gain ramps down
/// linearly over the look-ahead and moves at most 1/W per frame. The input is delayed by the look-ahead to line up.
/// Non-finite input samples are replaced by silence (the audio thread cannot throw). Allocation-free per call.
/// </para>
/// </summary>
public sealed class SoftLimiter
{
    private readonly float[][] _delay;
    private readonly double[] _averageRing;
    private readonly SlidingMinimum _minimum;
    private readonly int _window;
    private readonly double _ceiling;
    private readonly float _ceilingFloat;
    private readonly double _kneeStartDb;
    private readonly double _kneeStartLinear;
    private readonly double _kneeDb;
    private readonly double _ceilingDb;
    private readonly double _releaseCoefficient;
    private int _delayIndex;
    private int _ringIndex;
    private double _ringSum;
    private double _follower;

    /// <summary>Creates a limiter for <paramref name="channels"/> linked channels at <paramref name="sampleRate"/>.</summary>
    public SoftLimiter(int channels, int sampleRate, SoftLimiterOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        Options = options ?? new SoftLimiterOptions();
        Options.Validate();
        Channels = channels;
        SampleRate = sampleRate;
        LatencyFrames = Math.Max(1, (int)Math.Round(Options.LookAheadMs * 1e-3 * sampleRate));
        _window = LatencyFrames + 1;
        _ceiling = Options.Ceiling;
        _ceilingFloat = (float)_ceiling;
        _ceilingDb = 20 * Math.Log10(_ceiling);
        _kneeDb = Options.KneeDb;
        _kneeStartDb = _ceilingDb - _kneeDb / 2;
        _kneeStartLinear = Math.Pow(10, _kneeStartDb / 20);
        _releaseCoefficient = 1 - Math.Exp(-1.0 / (Options.ReleaseMs * 1e-3 * sampleRate));
        _delay = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            _delay[c] = new float[LatencyFrames];
        }

        _averageRing = new double[_window];
        _minimum = new SlidingMinimum(_window);
        Reset();
    }

    /// <summary>The settings in use.</summary>
    public SoftLimiterOptions Options { get; }

    /// <summary>Number of linked channels.</summary>
    public int Channels { get; }

    /// <summary>Sample rate, Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Delay from input to output in frames (the look-ahead).</summary>
    public int LatencyFrames { get; }

    /// <summary>The linear gain applied to the most recent output frame (1 = no reduction); for metering.</summary>
    public double CurrentGain { get; private set; } = 1;

    /// <summary>Frames where the final safety clamp had to act; stays 0 unless rounding defeats the gain computation.</summary>
    internal long SafetyClampCount { get; private set; }

    /// <summary>Returns to silence with unity gain.</summary>
    public void Reset()
    {
        foreach (float[] d in _delay)
        {
            Array.Clear(d);
        }

        Array.Fill(_averageRing, 1.0);
        _ringSum = _window;
        _ringIndex = 0;
        _delayIndex = 0;
        _follower = 1;
        _minimum.Reset();
        CurrentGain = 1;
        SafetyClampCount = 0;
    }

    /// <summary>Limits <paramref name="frames"/> frames of planar audio; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    public void Process(float[][] input, float[][] output, int offset, int frames)
    {
        // audio thread
        if (input.Length != Channels || output.Length != Channels)
        {
            throw new ArgumentException($"expected {Channels} channel arrays");
        }

        Span<float> frame = stackalloc float[Channels];
        for (int i = offset; i < offset + frames; i++)
        {
            for (int c = 0; c < Channels; c++)
            {
                frame[c] = input[c][i];
            }

            Step(frame);
            for (int c = 0; c < Channels; c++)
            {
                output[c][i] = frame[c];
            }
        }
    }

    /// <summary>Limits a stereo block (Channels must be 2); outputs may alias inputs.</summary>
    public void Process(ReadOnlySpan<float> inLeft, ReadOnlySpan<float> inRight, Span<float> outLeft, Span<float> outRight)
    {
        // audio thread
        if (Channels != 2 || inRight.Length != inLeft.Length || outLeft.Length < inLeft.Length || outRight.Length < inLeft.Length)
        {
            throw new ArgumentException("stereo Process needs a 2-channel limiter and equally long blocks");
        }

        Span<float> frame = stackalloc float[2];
        for (int i = 0; i < inLeft.Length; i++)
        {
            frame[0] = inLeft[i];
            frame[1] = inRight[i];
            Step(frame);
            outLeft[i] = frame[0];
            outRight[i] = frame[1];
        }
    }

    /// <summary>Limits a mono block (Channels must be 1); output may alias input.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        // audio thread
        if (Channels != 1 || output.Length < input.Length)
        {
            throw new ArgumentException("mono Process needs a 1-channel limiter and an output at least as long as the input");
        }

        Span<float> frame = stackalloc float[1];
        for (int i = 0; i < input.Length; i++)
        {
            frame[0] = input[i];
            Step(frame);
            output[i] = frame[0];
        }
    }

    /// <summary>
    /// Limits a whole buffer and removes the latency: the result has the same length and timing as the input.
    /// </summary>
    public static AudioBuffer Limit(AudioBuffer input, SoftLimiterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var limiter = new SoftLimiter(input.Channels, input.SampleRate, options);
        var result = new AudioBuffer(input.Channels, input.Length, input.SampleRate);
        int latency = limiter.LatencyFrames;
        Span<float> frame = stackalloc float[input.Channels];
        for (int i = 0; i < input.Length + latency; i++)
        {
            for (int c = 0; c < input.Channels; c++)
            {
                frame[c] = i < input.Length ? input.Samples[c][i] : 0f;
            }

            limiter.Step(frame);
            if (i >= latency)
            {
                for (int c = 0; c < input.Channels; c++)
                {
                    result.Samples[c][i - latency] = frame[c];
                }
            }
        }

        return result;
    }

    // Consumes one input frame and replaces it with the output frame (the input from LatencyFrames ago, scaled).
    private void Step(Span<float> frame)
    {
        float peak = 0;
        for (int c = 0; c < frame.Length; c++)
        {
            // The audio thread cannot throw, and NaN/Inf would poison the gain: treat them as silence.
            if (!float.IsFinite(frame[c]))
            {
                frame[c] = 0;
            }

            peak = Math.Max(peak, Math.Abs(frame[c]));
        }

        double required = RequiredGain(peak);
        double minimum = _minimum.Push(required);
        _follower = minimum < _follower ? minimum : _follower + _releaseCoefficient * (minimum - _follower);

        _ringSum += _follower - _averageRing[_ringIndex];
        _averageRing[_ringIndex] = _follower;
        if (++_ringIndex == _window)
        {
            _ringIndex = 0;
            // Re-add from scratch once per window so the running sum cannot drift over hours of audio.
            double sum = 0;
            foreach (double g in _averageRing)
            {
                sum += g;
            }

            _ringSum = sum;
        }

        double gain = Math.Min(1.0, _ringSum / _window);
        CurrentGain = gain;
        for (int c = 0; c < frame.Length; c++)
        {
            float delayed = _delay[c][_delayIndex];
            _delay[c][_delayIndex] = frame[c];
            float y = (float)(delayed * gain);
            if (Math.Abs(y) > _ceilingFloat)
            {
                y = MathF.CopySign(_ceilingFloat, y);
                SafetyClampCount++;
            }

            frame[c] = y;
        }

        if (++_delayIndex == LatencyFrames)
        {
            _delayIndex = 0;
        }
    }

    // Static curve: unity below the knee, a quadratic knee that meets the ceiling, then ceiling / peak.
    private double RequiredGain(float peak)
    {
        // Most audio sits below the knee: decide that without a logarithm.
        if (peak <= _kneeStartLinear)
        {
            return 1;
        }

        double hard = _ceiling / peak;
        double levelDb = 20 * Math.Log10(peak);

        if (_kneeDb > 0 && levelDb < _ceilingDb + _kneeDb / 2)
        {
            double over = levelDb - _kneeStartDb;
            double outDb = levelDb - over * over / (2 * _kneeDb);
            return Math.Min(hard, Math.Pow(10, (outDb - levelDb) / 20));
        }

        return Math.Min(1.0, hard);
    }
}
