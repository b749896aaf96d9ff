namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Whole-file audio I/O: reads WAV or MP3 (detected from content) into an <see cref="AudioBuffer"/> and writes WAV
/// atomically. For files too long to hold in memory use <see cref="AudioStreamReader"/> and <see cref="WavStreamWriter"/>.
/// Error policy: truncated, malformed, unsupported or empty files and float files holding NaN/Inf samples throw
/// <see cref="AudioFormatException"/>; see <see cref="AudioFormatException.Supported"/> for what is accepted.
/// </summary>
public static class AudioFile
{
    /// <summary>Reads a whole file.</summary>
    /// <exception cref="AudioFormatException">The file is not audio we can read; the message says why.</exception>
    public static AudioBuffer Read(string path)
    {
        using AudioStreamReader reader = AudioStreamReader.Open(path);
        return ReadAll(reader);
    }

    /// <summary>Reads a whole stream; <paramref name="name"/> is used in error messages. The stream is left open.</summary>
    public static AudioBuffer Read(Stream stream, string name)
    {
        using AudioStreamReader reader = AudioStreamReader.Open(stream, name, leaveOpen: true);
        return ReadAll(reader);
    }

    /// <summary>
    /// Writes <paramref name="buffer"/> as a WAV file, atomically: a temporary file in the same folder is moved over
    /// <paramref name="path"/> only once complete, and removed if anything fails (the old file, if any, survives).
    /// Integer formats round to nearest and clamp to full scale without dither.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is NaN or infinite (nothing is written).</exception>
    public static void WriteWav(string path, AudioBuffer buffer, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var writer = new WavStreamWriter(path, buffer.SampleRate, buffer.Channels, format);
        writer.WriteFrames(buffer);
        writer.Commit();
    }

    private static AudioBuffer ReadAll(AudioStreamReader reader)
    {
        if (reader.LengthFrames > Array.MaxLength)
        {
            throw new AudioFormatException(reader.Name,
                $"{reader.LengthFrames} frames is too long to read into memory at once; use AudioStreamReader to read it in blocks");
        }

        var buffer = new AudioBuffer(reader.Channels, (int)reader.LengthFrames, reader.SampleRate);
        int read = reader.ReadFrames(buffer.Samples, 0, buffer.Length);
        if (read != buffer.Length)
        {
            // ReadFrames throws on early end; this guards the invariant rather than an expected path.
            throw new AudioFormatException(reader.Name, $"truncated: read {read} of {buffer.Length} frames");
        }

        return buffer;
    }
}
