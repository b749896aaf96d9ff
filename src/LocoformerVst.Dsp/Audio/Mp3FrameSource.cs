using NLayer;

namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Decodes MPEG audio to float through NLayer. NLayer removes the encoder delay and padding recorded in a LAME/Info
/// tag, but not the decoder's own 529-sample delay, so decoded audio starts about 12 ms late compared with the
/// source WAV (the same as several players); the declared length is the tag's (or the frame scan's) sample count.
/// </summary>
internal sealed class Mp3FrameSource : IFrameSource
{
    private readonly MpegFile _file;
    private readonly string _fileName;

    public Mp3FrameSource(Stream stream, string fileName)
    {
        _fileName = fileName;
        try
        {
            _file = new MpegFile(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IndexOutOfRangeException or ArgumentException or NotSupportedException)
        {
            throw new AudioFormatException(fileName,
                $"looks like MP3 (ID3 tag or frame sync) but no decodable MPEG audio frame was found ({ex.Message}); {AudioFormatException.Supported}", ex);
        }

        try
        {
            if (_file.Channels is < 1 or > 2 || _file.SampleRate < 1)
            {
                throw new AudioFormatException(fileName, $"malformed MP3: {_file.Channels} channels at {_file.SampleRate} Hz");
            }

            SampleRate = _file.SampleRate;
            Channels = _file.Channels;
            DeclaredFrames = _file.Length / (sizeof(float) * Channels);
            if (DeclaredFrames <= 0)
            {
                throw new AudioFormatException(fileName, "the MP3 file contains no audio frames");
            }
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public long DeclaredFrames { get; }

    public bool CanHoldNonFinite => true;

    public int Read(Span<float> destination)
    {
        int want = destination.Length / Channels * Channels;
        int got = 0;
        try
        {
            while (got < want)
            {
                int n = _file.ReadSamples(destination[got..want]);
                if (n <= 0)
                {
                    break;
                }

                got += n;
            }
        }
        catch (Exception ex) when (ex is not AudioFormatException and not OutOfMemoryException)
        {
            // A corrupt frame can make the third-party decoder fail in many ways; report it as a file problem.
            throw new AudioFormatException(_fileName, $"malformed MP3: decoding failed ({ex.GetType().Name}: {ex.Message})", ex);
        }

        return got / Channels;
    }

    public void Dispose() => _file.Dispose();
}
