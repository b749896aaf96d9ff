namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Planar multi-channel float audio at a known sample rate: the in-memory currency that file I/O, resampling,
/// dynamics, metrics and the engines exchange. Samples are nominally in [-1, 1]; channel c is <c>Samples[c]</c>.
/// </summary>
public sealed class AudioBuffer
{
    /// <summary>Creates a silent buffer.</summary>
    public AudioBuffer(int channels, int length, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        Samples = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            Samples[c] = new float[length];
        }

        Length = length;
        SampleRate = sampleRate;
    }

    /// <summary>Wraps existing planar arrays (no copy); every channel must have the same length.</summary>
    public AudioBuffer(float[][] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples.Length, 1, nameof(samples));
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        int length = samples[0]?.Length ?? throw new ArgumentException("channel 0 is null", nameof(samples));
        for (int c = 1; c < samples.Length; c++)
        {
            if (samples[c] is null || samples[c].Length != length)
            {
                throw new ArgumentException(
                    $"channel {c} has {samples[c]?.Length.ToString() ?? "no"} samples but channel 0 has {length}; " +
                    "all channels of an AudioBuffer must have the same length", nameof(samples));
            }
        }

        Samples = samples;
        Length = length;
        SampleRate = sampleRate;
    }

    /// <summary>The planar sample arrays, one per channel, each <see cref="Length"/> long.</summary>
    public float[][] Samples { get; }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Number of channels.</summary>
    public int Channels => Samples.Length;

    /// <summary>Number of frames (samples per channel).</summary>
    public int Length { get; }

    /// <summary>Length in time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Length / SampleRate);

    /// <summary>Channel <paramref name="channel"/> as a span.</summary>
    public Span<float> Channel(int channel) => Samples[channel];

    /// <summary>A deep copy.</summary>
    public AudioBuffer Clone()
    {
        var copy = new float[Channels][];
        for (int c = 0; c < Channels; c++)
        {
            copy[c] = (float[])Samples[c].Clone();
        }

        return new AudioBuffer(copy, SampleRate);
    }
}
