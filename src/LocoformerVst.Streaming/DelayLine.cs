namespace LocoformerVst.Streaming;

/// <summary>
/// A fixed delay of the dry signal at the host rate, so dry/wet mixing, bypass and the underrun fallback stay aligned
/// with the separated signal, which is delayed by the reported latency.
/// </summary>
internal sealed class DelayLine
{
    private readonly float[][] _buffer;
    private readonly int _length;
    private int _position;

    public DelayLine(int channels, int delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        Delay = delay;
        _length = delay + 1;
        _buffer = new float[channels][];
        for (int c = 0; c < channels; c++) _buffer[c] = new float[_length];
    }

    public int Delay { get; }

    /// <summary>Writes input delayed by <see cref="Delay"/> samples into output (may not alias). // audio thread</summary>
    public void Process(float[][] input, float[][] output, int frames)
    {
        for (int c = 0; c < _buffer.Length; c++)
        {
            var line = _buffer[c];
            var src = input[c];
            var dst = output[c];
            int p = _position;
            for (int i = 0; i < frames; i++)
            {
                line[p] = src[i];
                int read = p - Delay;
                dst[i] = line[read < 0 ? read + _length : read];
                if (++p == _length) p = 0;
            }
        }

        _position = (int)((_position + (long)frames) % _length);
    }

    public void Clear()
    {
        foreach (var line in _buffer) Array.Clear(line);
        _position = 0;
    }
}
