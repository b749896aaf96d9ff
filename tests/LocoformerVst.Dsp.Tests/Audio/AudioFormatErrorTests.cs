using System.Buffers.Binary;
using LocoformerVst.Dsp.Audio;
using NAudio.Wave;

namespace LocoformerVst.Dsp.Tests.Audio;

public class AudioFormatErrorTests
{
    private static byte[] Wav(WaveFormat format, byte[] data)
    {
        var ms = new MemoryStream();
        using (var writer = new WaveFileWriter(ms, format))
        {
            writer.Write(data, 0, data.Length);
        }

        return ms.ToArray();
    }

    private static byte[] FloatWav(int channels, params float[] interleaved) =>
        Wav(WaveFormat.CreateIeeeFloatWaveFormat(44_100, channels), interleaved.SelectMany(BitConverter.GetBytes).ToArray());

    private static AudioFormatException ReadFails(byte[] bytes, string name = "bad.wav") =>
        Assert.Throws<AudioFormatException>(() => AudioFile.Read(new MemoryStream(bytes), name));

    [Fact]
    public void Wav_cut_short_inside_the_data_chunk_is_reported_as_truncated()
    {
        byte[] full = Wav(new WaveFormat(44_100, 16, 2), new byte[4000]);
        var ex = ReadFails(full[..(full.Length - 1000)]);

        Assert.Contains("truncated", ex.Message);
        Assert.Contains("declares 4000 bytes but only 3000 follow", ex.Message);
        Assert.Equal("bad.wav", ex.FileName);
    }

    [Fact]
    public void Wav_cut_inside_its_header_is_reported_as_truncated()
    {
        byte[] full = Wav(new WaveFormat(44_100, 16, 2), new byte[400]);

        Assert.Contains("truncated", ReadFails(full[..20]).Message);
        Assert.Contains("truncated", ReadFails(full[..8]).Message);
    }

    [Fact]
    public void Data_chunk_that_ends_inside_a_frame_is_rejected()
    {
        byte[] bytes = Wav(new WaveFormat(44_100, 16, 2), new byte[402]);
        // Declare 401 bytes of data: 100 whole 4-byte frames and a fragment.
        int dataSizeOffset = IndexOf(bytes, "data"u8) + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(dataSizeOffset), 401);

        Assert.Contains("not a whole number of 4-byte frames", ReadFails(bytes).Message);
    }

    [Fact]
    public void Wav_with_an_empty_data_chunk_is_rejected_as_containing_no_audio()
    {
        Assert.Contains("no audio", ReadFails(Wav(new WaveFormat(44_100, 16, 2), [])).Message);
    }

    [Fact]
    public void Empty_file_is_rejected_as_empty()
    {
        Assert.Contains("empty (0 bytes)", ReadFails([]).Message);
    }

    [Theory]
    [InlineData("alaw")]
    [InlineData("mulaw")]
    [InlineData("adpcm")]
    [InlineData("pcm12")]
    public void Unsupported_wav_encodings_name_themselves_and_what_is_supported(string kind)
    {
        WaveFormat format = kind switch
        {
            "alaw" => WaveFormat.CreateALawFormat(8_000, 1),
            "mulaw" => WaveFormat.CreateMuLawFormat(8_000, 1),
            "adpcm" => WaveFormat.CreateCustomFormat(WaveFormatEncoding.Adpcm, 8_000, 1, 4_000, 256, 4),
            _ => WaveFormat.CreateCustomFormat(WaveFormatEncoding.Pcm, 8_000, 1, 16_000, 2, 12),
        };
        var ex = ReadFails(Wav(format, new byte[512]));

        Assert.Contains("unsupported WAV encoding", ex.Message);
        Assert.Contains(kind switch { "alaw" => "ALaw", "mulaw" => "MuLaw", "adpcm" => "Adpcm", _ => "12-bit" }, ex.Message);
        Assert.Contains(AudioFormatException.Supported, ex.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Float_wav_with_a_non_finite_sample_is_rejected_naming_frame_and_channel(float bad, string shown)
    {
        float[] interleaved = Enumerable.Repeat(0.1f, 20).ToArray();
        interleaved[2 * 7 + 1] = bad;   // frame 7, right channel

        var ex = ReadFails(FloatWav(2, interleaved));

        Assert.Contains("frame 7, channel 1", ex.Message);
        Assert.Contains(shown, ex.Message);
    }

    [Fact]
    public void Streaming_reader_reports_a_late_nan_with_its_absolute_frame()
    {
        float[] mono = TestSignals.Sine(10_000, 440, 44_100);
        mono[9_123] = float.NaN;
        using var reader = AudioStreamReader.Open(new MemoryStream(FloatWav(1, mono)), "late-nan.wav");
        var block = new float[1000];

        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(1000, reader.ReadFrames(block));
        }

        Assert.Contains("frame 9123, channel 0", Assert.Throws<AudioFormatException>(() => reader.ReadFrames(block)).Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x66, 0x4C, 0x61, 0x43, 0, 0, 0, 0x22, 0, 0, 0, 0 }, "FLAC")]
    [InlineData(new byte[] { 0x4F, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0 }, "Ogg")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x41, 0x56, 0x49, 0x20 }, "'AVI '")]
    [InlineData(new byte[] { 0x52, 0x46, 0x36, 0x34, 0xFF, 0xFF, 0xFF, 0xFF, 0x57, 0x41, 0x56, 0x45 }, "RF64")]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B }, "0001020304050607")]
    public void Unknown_containers_are_described_by_their_content(byte[] header, string description)
    {
        byte[] bytes = header.Concat(new byte[200]).ToArray();
        var ex = ReadFails(bytes, "mystery.wav");

        Assert.Contains(description, ex.Message);
        Assert.Contains(AudioFormatException.Supported, ex.Message);
    }

    [Fact]
    public void Missing_file_throws_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => AudioFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".wav")));
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
