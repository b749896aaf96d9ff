namespace LocoformerVst.Dsp.Audio;

/// <summary>Sample encodings the WAV writers produce; the caller picks the trade-off between size and exactness.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit signed integer PCM (format tag 1).</summary>
    Int16,

    /// <summary>24-bit signed integer PCM (format tag 1).</summary>
    Int24,

    /// <summary>32-bit signed integer PCM (format tag 1).</summary>
    Int32,

    /// <summary>32-bit IEEE float (format tag 3): exact for every finite float sample, values beyond ±1 kept.</summary>
    Float32,
}
