namespace LocoformerVst.Vst3.TestPlugin;

/// <summary>A multichannel delay of a whole number of samples, allocated once for the longest delay it will take.</summary>
internal sealed class DelayLine(int channelCount, int capacity)
{
    private readonly float[][] _rings = CreateRings(channelCount, capacity);
    private readonly int[] _positions = new int[channelCount];
    private int _delay;

    public int Delay => _delay;

    /// <summary>Sets the delay (not on the audio thread) and clears the history.</summary>
    public void Configure(int delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(delay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, capacity);
        _delay = delay;
        Clear();
    }

    // audio thread
    public void Clear()
    {
        foreach (float[] ring in _rings)
            Array.Clear(ring);
        Array.Clear(_positions);
    }

    /// <summary>Delays one channel's segment. Input and output may be the same memory: each sample is read before its
    /// index is written.</summary>
    // audio thread
    public void Process(int channel, ReadOnlySpan<float> input, Span<float> output)
    {
        if (_delay == 0)
        {
            input.CopyTo(output);
            return;
        }
        float[] ring = _rings[channel];
        int position = _positions[channel];
        for (int i = 0; i < input.Length; i++)
        {
            float x = input[i];
            output[i] = ring[position];
            ring[position] = x;
            if (++position == _delay)
                position = 0;
        }
        _positions[channel] = position;
    }

    private static float[][] CreateRings(int channelCount, int capacity)
    {
        var rings = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
            rings[c] = new float[Math.Max(capacity, 1)];
        return rings;
    }
}
