namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Thrown when an audio file cannot be read as audio we support (truncated, malformed, unsupported encoding, empty,
/// non-finite float samples); the message names the file, what is wrong and what is supported.
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>What the readers accept; appended to messages about unsupported input.</summary>
    public const string Supported =
        "supported: WAV (RIFF) with integer PCM 8/16/24/32-bit or IEEE float 32/64-bit samples, plain or " +
        "WAVE_FORMAT_EXTENSIBLE, any channel count and sample rate; MP3 (MPEG-1/2/2.5 audio, decoded by NLayer)";

    /// <summary>Creates the exception for file <paramref name="fileName"/>.</summary>
    public AudioFormatException(string fileName, string problem, Exception? inner = null)
        : base($"'{fileName}': {problem}", inner)
    {
        FileName = fileName;
    }

    /// <summary>The path or name of the offending file or stream.</summary>
    public string FileName { get; }
}
