using System.Text;

namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Recognizes a file's container from its first bytes, so a misnamed file (an MP3 called .wav) still decodes and a
/// file we cannot read is reported by what it actually is.
/// </summary>
public static class AudioContainerDetector
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeaderBytes = 12;

    /// <summary>Returns the container of a file starting with <paramref name="header"/>.</summary>
    /// <exception cref="AudioFormatException">The bytes are not WAV or MP3; the message says what they look like.</exception>
    public static AudioContainer Detect(ReadOnlySpan<byte> header, string fileName)
    {
        if (header.Length == 0)
        {
            throw new AudioFormatException(fileName, "the file is empty (0 bytes); " + AudioFormatException.Supported);
        }

        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WAVE"u8))
        {
            return AudioContainer.Wav;
        }

        if (header.Length >= 3 && header[..3].SequenceEqual("ID3"u8))
        {
            return AudioContainer.Mp3;
        }

        if (IsMpegFrameHeader(header))
        {
            return AudioContainer.Mp3;
        }

        throw new AudioFormatException(fileName, $"{Describe(header)} is not a format we read; {AudioFormatException.Supported}");
    }

    /// <summary>True when the bytes start with a plausible MPEG audio frame header (sync, version, layer, rates).</summary>
    internal static bool IsMpegFrameHeader(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4 || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        int version = (b[1] >> 3) & 3;      // 1 is reserved
        int layer = (b[1] >> 1) & 3;        // 0 is reserved
        int bitrateIndex = b[2] >> 4;       // 15 is invalid
        int rateIndex = (b[2] >> 2) & 3;    // 3 is reserved
        return version != 1 && layer != 0 && bitrateIndex != 15 && rateIndex != 3;
    }

    private static string Describe(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 4 && h[..4].SequenceEqual("RF64"u8))
        {
            return "an RF64 (64-bit WAV) file";
        }

        if (h.Length >= 4 && h[..4].SequenceEqual("RIFF"u8))
        {
            return h.Length >= 12 ? $"a RIFF file of type '{Printable(h[8..12])}' (not WAVE)" : "a truncated RIFF header";
        }

        if (h.Length >= 4 && h[..4].SequenceEqual("fLaC"u8))
        {
            return "a FLAC file";
        }

        if (h.Length >= 4 && h[..4].SequenceEqual("OggS"u8))
        {
            return "an Ogg (Vorbis/Opus) file";
        }

        if (h.Length >= 4 && h[..4].SequenceEqual("FORM"u8))
        {
            return "an AIFF/IFF file";
        }

        if (h.Length >= 8 && h[4..8].SequenceEqual("ftyp"u8))
        {
            return "an MP4/M4A file";
        }

        return $"a file starting with bytes {Convert.ToHexString(h[..Math.Min(h.Length, 8)])}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return sb.ToString();
    }
}
