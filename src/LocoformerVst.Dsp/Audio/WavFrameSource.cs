using NAudio.Wave;

namespace LocoformerVst.Dsp.Audio;

/// <summary>Decodes a WAV data chunk through NAudio's <see cref="WaveFileReader"/> after <see cref="WavLayout"/> has validated its size.</summary>
internal sealed class WavFrameSource : IFrameSource
{
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    private readonly WaveFileReader _reader;
    private readonly PcmEncoding _encoding;
    private readonly int _frameBytes;
    private byte[] _bytes = [];

    public WavFrameSource(Stream stream, string fileName)
    {
        WavLayout layout = WavLayout.Scan(stream, fileName);
        try
        {
            _reader = new WaveFileReader(stream);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new AudioFormatException(fileName, $"malformed WAV header: {ex.Message}", ex);
        }

        try
        {
            WaveFormat format = _reader.WaveFormat;
            _encoding = EncodingOf(format, fileName);
            if (format.Channels < 1 || format.SampleRate < 1)
            {
                throw new AudioFormatException(fileName, $"malformed WAV header: {format.Channels} channels at {format.SampleRate} Hz");
            }

            _frameBytes = format.Channels * PcmCodec.BytesPerSample(_encoding);
            if (format.BlockAlign != _frameBytes)
            {
                throw new AudioFormatException(fileName,
                    $"malformed WAV header: block align {format.BlockAlign} bytes, expected {_frameBytes} for {format.Channels} channels of {format.BitsPerSample}-bit samples");
            }

            if (layout.DataLength % _frameBytes != 0)
            {
                throw new AudioFormatException(fileName,
                    $"truncated WAV: the data chunk holds {layout.DataLength} bytes, not a whole number of {_frameBytes}-byte frames");
            }

            if (layout.DataLength == 0)
            {
                throw new AudioFormatException(fileName, "the WAV file contains no audio (its data chunk is empty)");
            }

            SampleRate = format.SampleRate;
            Channels = format.Channels;
            DeclaredFrames = layout.DataLength / _frameBytes;
            CanHoldNonFinite = PcmCodec.IsFloat(_encoding);
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public long DeclaredFrames { get; }

    public bool CanHoldNonFinite { get; }

    public int Read(Span<float> destination)
    {
        int frames = destination.Length / Channels;
        int bytes = frames * _frameBytes;
        if (_bytes.Length < bytes)
        {
            _bytes = new byte[bytes];
        }

        int got = 0;
        while (got < bytes)
        {
            int n = _reader.Read(_bytes, got, bytes - got);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        int framesRead = got / _frameBytes;
        PcmCodec.Decode(_bytes.AsSpan(0, framesRead * _frameBytes), destination[..(framesRead * Channels)], _encoding);
        return framesRead;
    }

    public void Dispose() => _reader.Dispose();

    // NAudio's reader returns the extensible fields as raw extra bytes: valid bits (2), channel mask (4), sub-format GUID (16).
    private static Guid SubFormatOf(WaveFormat format, string fileName)
    {
        if (format is WaveFormatExtensible ext)
        {
            return ext.SubFormat;
        }

        if (format is WaveFormatExtraData { ExtraData.Length: >= 22 } extra)
        {
            return new Guid(extra.ExtraData.AsSpan(6, 16));
        }

        throw new AudioFormatException(fileName, "malformed WAV header: WAVE_FORMAT_EXTENSIBLE without its 22-byte extension");
    }

    private static PcmEncoding EncodingOf(WaveFormat format, string fileName)
    {
        bool isFloat;
        string name;
        if (format.Encoding == WaveFormatEncoding.Extensible)
        {
            Guid subFormat = SubFormatOf(format, fileName);
            isFloat = subFormat == FloatSubFormat;
            if (!isFloat && subFormat != PcmSubFormat)
            {
                throw new AudioFormatException(fileName,
                    $"unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE with sub-format {subFormat}; {AudioFormatException.Supported}");
            }

            name = isFloat ? "extensible float" : "extensible PCM";
        }
        else if (format.Encoding is WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat)
        {
            isFloat = format.Encoding == WaveFormatEncoding.IeeeFloat;
            name = isFloat ? "IEEE float" : "PCM";
        }
        else
        {
            throw new AudioFormatException(fileName,
                $"unsupported WAV encoding: {format.Encoding} (format tag 0x{(int)format.Encoding:X4}), {format.BitsPerSample}-bit; {AudioFormatException.Supported}");
        }

        return (isFloat, format.BitsPerSample) switch
        {
            (false, 8) => PcmEncoding.UInt8,
            (false, 16) => PcmEncoding.Int16,
            (false, 24) => PcmEncoding.Int24,
            (false, 32) => PcmEncoding.Int32,
            (true, 32) => PcmEncoding.Float32,
            (true, 64) => PcmEncoding.Float64,
            _ => throw new AudioFormatException(fileName,
                $"unsupported WAV encoding: {format.BitsPerSample}-bit {name}; {AudioFormatException.Supported}"),
        };
    }
}
