using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Dsp.Tests.Audio;

public class AtomicWriteTests
{
    [Fact]
    public void Failed_write_leaves_the_existing_file_untouched_and_no_temporary_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("song.wav");
        var good = new AudioBuffer([TestSignals.Sine(1000, 440, 44_100)], 44_100);
        AudioFile.WriteWav(path, good, WavSampleFormat.Int16);
        byte[] before = File.ReadAllBytes(path);

        float[] bad = TestSignals.Sine(20_000, 220, 44_100);
        bad[15_000] = float.NaN;   // in the fourth 4096-frame block: earlier blocks were already encoded
        var ex = Assert.Throws<ArgumentException>(() =>
            AudioFile.WriteWav(path, new AudioBuffer([bad], 44_100), WavSampleFormat.Int16));

        Assert.Contains("frame 15000, channel 0", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "song.wav" }, dir.Entries());
    }

    [Fact]
    public void Streaming_writer_publishes_nothing_until_commit_and_everything_after()
    {
        using var dir = new TempDirectory();
        string path = dir.File("stream.wav");
        float[] left = TestSignals.Sine(10_000, 440, 48_000), right = TestSignals.Sine(10_000, 660, 48_000);

        using (var writer = new WavStreamWriter(path, 48_000, 2, WavSampleFormat.Float32))
        {
            for (int start = 0; start < left.Length; start += 777)
            {
                writer.WriteFrames([left, right], start, Math.Min(777, left.Length - start));
                Assert.False(File.Exists(path));
            }

            Assert.Equal(10_000, writer.FramesWritten);
            writer.Commit();
        }

        AudioBuffer read = AudioFile.Read(path);
        Assert.Equal(left, read.Samples[0]);
        Assert.Equal(right, read.Samples[1]);
        Assert.Equal(new[] { "stream.wav" }, dir.Entries());
    }

    [Fact]
    public void Abandoned_streaming_writer_deletes_its_temporary_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("abandoned.wav");
        using (var writer = new WavStreamWriter(path, 44_100, 1, WavSampleFormat.Int24))
        {
            writer.WriteFrames(TestSignals.Sine(5000, 440, 44_100));
            Assert.Single(dir.Entries());   // the hidden temporary file
        }

        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Interleaved_streaming_writes_match_planar_whole_file_writes()
    {
        using var dir = new TempDirectory();
        float[] left = TestSignals.Noise(3000, 1), right = TestSignals.Noise(3000, 2);
        AudioFile.WriteWav(dir.File("planar.wav"), new AudioBuffer([left, right], 44_100), WavSampleFormat.Int24);
        using (var writer = new WavStreamWriter(dir.File("interleaved.wav"), 44_100, 2, WavSampleFormat.Int24))
        {
            float[] interleaved = Enumerable.Range(0, 6000).Select(i => i % 2 == 0 ? left[i / 2] : right[i / 2]).ToArray();
            writer.WriteFrames(interleaved.AsSpan(0, 2000));
            writer.WriteFrames(interleaved.AsSpan(2000));
            writer.Commit();
        }

        Assert.Equal(File.ReadAllBytes(dir.File("planar.wav")), File.ReadAllBytes(dir.File("interleaved.wav")));
    }
}
