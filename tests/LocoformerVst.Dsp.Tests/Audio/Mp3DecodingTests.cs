using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Tests.Audio;

/// <summary>Decodes the MP3 fixtures made by tests/fixtures/audio/make_mp3.sh (0.5 s sines at half scale, LAME CBR).</summary>
public class Mp3DecodingTests
{
    [Fact]
    public void Mono_fixture_decodes_to_half_a_second_of_440_hz()
    {
        AudioBuffer audio = AudioFile.Read(TestSignals.Fixture("sine440_mono_44k.mp3"));

        Assert.Equal(44_100, audio.SampleRate);
        Assert.Equal(1, audio.Channels);
        // NLayer applies the encoder delay and padding from the LAME tag, so the length is the source's exactly.
        Assert.Equal(22_050, audio.Length);
        Assert.Equal(0.5, audio.Duration.TotalSeconds, 6);
        ReadOnlySpan<float> steady = audio.Samples[0].AsSpan(2_000, 18_000);
        Assert.Equal(440.0, TestSignals.ZeroCrossingFrequency(steady, audio.SampleRate), 0.5);
        float peak = steady.ToArray().Max(Math.Abs);
        Assert.InRange(peak, 0.45f, 0.55f);
    }

    [Fact]
    public void Stereo_fixture_keeps_rate_and_channel_order()
    {
        AudioBuffer audio = AudioFile.Read(TestSignals.Fixture("sine440_660_stereo_48k.mp3"));

        Assert.Equal(48_000, audio.SampleRate);
        Assert.Equal(2, audio.Channels);
        Assert.Equal(24_000, audio.Length);
        Assert.Equal(440.0, TestSignals.ZeroCrossingFrequency(audio.Samples[0].AsSpan(2_000, 20_000), 48_000), 0.5);
        Assert.Equal(660.0, TestSignals.ZeroCrossingFrequency(audio.Samples[1].AsSpan(2_000, 20_000), 48_000), 0.5);
    }

    [Fact]
    public void Mp3_is_recognized_by_content_even_when_named_wav()
    {
        byte[] bytes = File.ReadAllBytes(TestSignals.Fixture("sine440_mono_44k.mp3"));

        using var reader = AudioStreamReader.Open(new MemoryStream(bytes), "misnamed.wav");

        Assert.Equal(AudioContainer.Mp3, reader.Container);
        Assert.Equal(22_050, reader.LengthFrames);
    }

    [Fact]
    public void Mp3_with_an_id3_tag_in_front_is_decoded()
    {
        byte[] mp3 = File.ReadAllBytes(TestSignals.Fixture("sine440_mono_44k.mp3"));
        // ID3v2.3 header with a 10-byte body (sizes are syncsafe) holding zero padding.
        byte[] tagged = [.. "ID3"u8.ToArray(), 3, 0, 0, 0, 0, 0, 10, .. new byte[10], .. mp3];

        AudioBuffer audio = AudioFile.Read(new MemoryStream(tagged), "tagged.mp3");

        Assert.Equal(22_050, audio.Length);
    }

    [Fact]
    public void Streaming_reads_in_small_blocks_equal_the_whole_file_read()
    {
        string path = TestSignals.Fixture("sine440_660_stereo_48k.mp3");
        AudioBuffer whole = AudioFile.Read(path);
        using var reader = AudioStreamReader.Open(path);
        var planar = new[] { new float[whole.Length], new float[whole.Length] };

        int total = 0, n;
        while ((n = reader.ReadFrames(planar, total, 1000)) > 0)
        {
            total += n;
        }

        Assert.Equal(whole.Length, total);
        Assert.Equal(whole.Length, reader.Position);
        Assert.Equal(whole.Samples[0], planar[0]);
        Assert.Equal(whole.Samples[1], planar[1]);
    }

    [Fact]
    public void Mp3_cut_in_half_is_reported_as_truncated()
    {
        byte[] mp3 = File.ReadAllBytes(TestSignals.Fixture("sine440_mono_44k.mp3"));

        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Read(new MemoryStream(mp3[..(mp3.Length / 2)]), "half.mp3"));

        Assert.Contains("truncated Mp3", ex.Message);
        Assert.Contains("of the 22050 frames", ex.Message);
    }

    [Fact]
    public void Frame_sync_followed_by_garbage_is_malformed_mp3()
    {
        var garbage = new byte[2000];
        new Random(1).NextBytes(garbage);
        byte[] bytes = [0xFF, 0xFB, 0x50, 0xC4, .. garbage];

        var ex = Assert.Throws<AudioFormatException>(() => AudioFile.Read(new MemoryStream(bytes), "noise.mp3"));

        Assert.Contains("no decodable MPEG audio frame", ex.Message);
    }

    [Fact]
    public void Id3_tag_without_audio_is_rejected()
    {
        byte[] bytes = [.. "ID3"u8.ToArray(), 3, 0, 0, 0, 0, 0, 10, .. new byte[10]];

        Assert.Throws<AudioFormatException>(() => AudioFile.Read(new MemoryStream(bytes), "tag-only.mp3"));
    }
}
