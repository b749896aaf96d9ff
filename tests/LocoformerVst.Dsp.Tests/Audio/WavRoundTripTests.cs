using LocoformerVst.Dsp.Audio;
using NAudio.Wave;

namespace LocoformerVst.Dsp.Tests.Audio;

public class WavRoundTripTests
{
    public static TheoryData<WavSampleFormat, int, int> Cases()
    {
        var data = new TheoryData<WavSampleFormat, int, int>();
        foreach (WavSampleFormat f in Enum.GetValues<WavSampleFormat>())
        {
            foreach (int channels in new[] { 1, 2 })
            {
                foreach (int rate in new[] { 44_100, 37_800 })
                {
                    data.Add(f, channels, rate);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Written_wav_reads_back_exactly_for_float_and_within_half_an_lsb_for_integers(WavSampleFormat format, int channels, int rate)
    {
        using var dir = new TempDirectory();
        var samples = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            samples[c] = TestSignals.Noise(3001, seed: 10 + c, amplitude: 0.999);
            samples[c][0] = -1f;     // the most negative code must survive
            samples[c][1] = 0f;
        }

        var original = new AudioBuffer(samples, rate);
        string path = dir.File("round.wav");
        AudioFile.WriteWav(path, original, format);
        AudioBuffer read = AudioFile.Read(path);

        Assert.Equal(rate, read.SampleRate);
        Assert.Equal(channels, read.Channels);
        Assert.Equal(original.Length, read.Length);
        double lsb = format switch
        {
            WavSampleFormat.Int16 => 1.0 / 32768,
            WavSampleFormat.Int24 => 1.0 / 8388608,
            WavSampleFormat.Int32 => 1.0 / 2147483648,
            _ => 0,
        };
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < original.Length; i++)
            {
                double error = Math.Abs((double)read.Samples[c][i] - original.Samples[c][i]);
                // Int32 codes have more bits than a float mantissa: allow the float rounding of the read as well.
                double allowed = format == WavSampleFormat.Float32 ? 0 : lsb / 2 + Math.Abs(original.Samples[c][i]) * 6e-8;
                Assert.True(error <= allowed, $"{format} ch{c}[{i}]: wrote {original.Samples[c][i]:R}, read {read.Samples[c][i]:R}");
            }

            Assert.Equal(-1f, read.Samples[c][0]);
            Assert.Equal(0f, read.Samples[c][1]);
        }
    }

    [Fact]
    public void Six_channel_float_file_keeps_channel_order()
    {
        using var dir = new TempDirectory();
        var samples = Enumerable.Range(0, 6).Select(c => TestSignals.Sine(500, 100 * (c + 1), 48_000)).ToArray();
        string path = dir.File("six.wav");
        AudioFile.WriteWav(path, new AudioBuffer(samples, 48_000), WavSampleFormat.Float32);

        AudioBuffer read = AudioFile.Read(path);

        Assert.Equal(6, read.Channels);
        for (int c = 0; c < 6; c++)
        {
            Assert.Equal(samples[c], read.Samples[c]);
        }
    }

    [Fact]
    public void Integer_writes_round_to_nearest_and_clamp_out_of_range_samples()
    {
        using var dir = new TempDirectory();
        const float lsb = 1f / 32768;
        float[] values = [0.3f * lsb, 0.7f * lsb, -0.7f * lsb, 1.0f, 1.5f, -1.5f, 100f * lsb + 0.49f * lsb];
        string path = dir.File("clamp.wav");
        AudioFile.WriteWav(path, new AudioBuffer([values], 44_100), WavSampleFormat.Int16);

        using var reader = new WaveFileReader(path);
        var bytes = new byte[values.Length * 2];
        Assert.Equal(bytes.Length, reader.Read(bytes, 0, bytes.Length));
        short[] codes = Enumerable.Range(0, values.Length).Select(i => BitConverter.ToInt16(bytes, 2 * i)).ToArray();

        Assert.Equal(new short[] { 0, 1, -1, 32767, 32767, -32768, 100 }, codes);
    }

    [Fact]
    public void Float32_keeps_samples_beyond_full_scale()
    {
        using var dir = new TempDirectory();
        string path = dir.File("hot.wav");
        AudioFile.WriteWav(path, new AudioBuffer([[1.5f, -3.25f, 0.1f]], 96_000), WavSampleFormat.Float32);

        Assert.Equal(new[] { 1.5f, -3.25f, 0.1f }, AudioFile.Read(path).Samples[0]);
    }

    [Fact]
    public void Files_from_an_independent_writer_decode_in_every_supported_encoding()
    {
        // NAudio's own writer produces the bytes; our reader must decode each code to code / 2^(bits-1).
        (WaveFormat format, byte[] data, float[] expected)[] cases =
        [
            (new WaveFormat(8_000, 8, 1), [0, 128, 255, 64], [-1f, 0f, 127f / 128, -0.5f]),
            (new WaveFormatExtensible(48_000, 24, 2), [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00],
                [-1f, 8388607f / 8388608, 0.5f, 1f / 8388608]),
            (WaveFormat.CreateCustomFormat(WaveFormatEncoding.IeeeFloat, 22_050, 1, 22_050 * 8, 8, 64),
                BitConverter.GetBytes(0.25).Concat(BitConverter.GetBytes(-0.75)).ToArray(), [0.25f, -0.75f]),
            (new WaveFormat(44_100, 32, 1), BitConverter.GetBytes(int.MinValue).Concat(BitConverter.GetBytes(1 << 30)).ToArray(), [-1f, 0.5f]),
            (new WaveFormatExtensible(96_000, 32, 2), BitConverter.GetBytes(0.5f).Concat(BitConverter.GetBytes(-0.25f)).ToArray(), [0.5f, -0.25f]),
        ];
        foreach (var (format, data, expected) in cases)
        {
            var ms = new MemoryStream();
            using (var writer = new WaveFileWriter(ms, format))
            {
                writer.Write(data, 0, data.Length);
            }

            AudioBuffer read = AudioFile.Read(new MemoryStream(ms.ToArray()), $"{format}");

            float[] interleaved = Enumerable.Range(0, read.Length * read.Channels)
                .Select(i => read.Samples[i % read.Channels][i / read.Channels]).ToArray();
            Assert.Equal(expected, interleaved);
            Assert.Equal(format.SampleRate, read.SampleRate);
        }
    }

    [Fact]
    public void Wav_content_is_recognized_whatever_the_file_is_called()
    {
        using var dir = new TempDirectory();
        string path = dir.File("actually-a-wav.mp3");
        AudioFile.WriteWav(path, new AudioBuffer([[0.25f, -0.5f]], 44_100), WavSampleFormat.Float32);

        using var reader = AudioStreamReader.Open(path);

        Assert.Equal(AudioContainer.Wav, reader.Container);
        Assert.Equal(2, reader.LengthFrames);
    }
}
