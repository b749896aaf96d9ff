using LocoformerVst.Dsp.Dynamics;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Applies a gain and the <see cref="SoftLimiter"/> to a stream on its way to the next sink, with the limiter's
/// look-ahead removed (its first output frames are dropped and silence flushes the tail), so the output keeps the
/// input's length and timing.
/// </summary>
internal sealed class LimiterStage : IAudioSink
{
    private const int BlockFrames = 4096;

    private readonly SoftLimiter _limiter;
    private readonly IAudioSink _next;
    private readonly int _channels;
    private readonly float _gain;
    private readonly float[][] _planar;
    private readonly float[] _interleaved;
    private int _toSkip;

    public LimiterStage(int channels, int sampleRate, float gain, SoftLimiterOptions options, IAudioSink next)
    {
        _limiter = new SoftLimiter(channels, sampleRate, options);
        _next = next;
        _channels = channels;
        _gain = gain;
        _toSkip = _limiter.LatencyFrames;
        _planar = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            _planar[c] = new float[BlockFrames];
        }

        _interleaved = new float[BlockFrames * channels];
    }

    public void Write(ReadOnlySpan<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        for (int start = 0; start < frames; start += BlockFrames)
        {
            int n = Math.Min(BlockFrames, frames - start);
            for (int c = 0; c < _channels; c++)
            {
                float[] dst = _planar[c];
                for (int i = 0; i < n; i++)
                {
                    dst[i] = _gain * interleaved[(start + i) * _channels + c];
                }
            }

            Limit(n);
        }
    }

    public void Complete()
    {
        int remaining = _limiter.LatencyFrames;
        while (remaining > 0)
        {
            int n = Math.Min(BlockFrames, remaining);
            foreach (float[] channel in _planar)
            {
                Array.Clear(channel, 0, n);
            }

            Limit(n);
            remaining -= n;
        }

        _next.Complete();
    }

    private void Limit(int n)
    {
        _limiter.Process(_planar, _planar, 0, n);
        int skip = Math.Min(_toSkip, n);
        _toSkip -= skip;
        int keep = n - skip;
        for (int c = 0; c < _channels; c++)
        {
            float[] src = _planar[c];
            for (int i = 0; i < keep; i++)
            {
                _interleaved[i * _channels + c] = src[skip + i];
            }
        }

        if (keep > 0)
        {
            _next.Write(_interleaved.AsSpan(0, keep * _channels));
        }
    }
}
