using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class OfflineEngineFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly OfflineEngine _engine = new(new OfflineEngineOptions { Inference = new InferenceSettings { IntraOpThreads = 1 } });

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(OfflineTask.Separate)]
    [InlineData(OfflineTask.Enhance)]
    public void Cancelled_job_throws_and_leaves_no_file_in_the_output_folder(OfflineTask task)
    {
        string input = OfflineAudio.Write(_temp.File("long.wav"), 44_100, 2, 20 * 44_100);
        string outDir = _temp.Sub("out");
        using var cts = new CancellationTokenSource();
        double cancelledAt = task == OfflineTask.Enhance ? 0.95 : 0.3; // enhance: during its second pass

        Assert.ThrowsAny<OperationCanceledException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(task, input, outDir) with { Plot = true },
            new SyncProgress(p =>
            {
                if (p >= cancelledAt)
                {
                    cts.Cancel();
                }
            }),
            cts.Token));

        Assert.Empty(OfflineAudio.Listing(outDir));
    }

    [Fact]
    public void Cancelled_job_that_created_the_output_folder_removes_it()
    {
        string input = OfflineAudio.Write(_temp.File("x.wav"), 44_100, 2, 10 * 44_100);
        string outDir = _temp.File("new-folder");
        using var cts = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir),
            new SyncProgress(p => cts.Cancel()), cts.Token));

        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Input_longer_than_the_limit_is_rejected_before_anything_is_written()
    {
        string input = OfflineAudio.Write(_temp.File("two-seconds.wav"), 44_100, 2, 2 * 44_100);
        string outDir = _temp.Sub("out");

        var e = Assert.Throws<InputTooLongException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir) with { MaxDuration = TimeSpan.FromSeconds(1.5) }));

        Assert.Equal(2.0, e.Duration.TotalSeconds, 1e-3);
        Assert.Contains("2.0 s", e.Message);
        Assert.Contains("1.5 s", e.Message);
        Assert.Empty(OfflineAudio.Listing(outDir));
    }

    [Fact]
    public void Text_file_named_wav_is_rejected_as_bad_audio_with_nothing_written()
    {
        string input = _temp.File("notes.wav");
        File.WriteAllText(input, "these are not samples\n");
        string outDir = _temp.Sub("out");

        var e = Assert.Throws<AudioFormatException>(() => _engine.Run(OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir)));

        Assert.Contains("not a format we read", e.Message);
        Assert.Empty(OfflineAudio.Listing(outDir));
    }

    [Fact]
    public void Truncated_wav_is_rejected_with_nothing_written()
    {
        string whole = OfflineAudio.Write(_temp.File("whole.wav"), 44_100, 2, 44_100, WavSampleFormat.Int16);
        byte[] bytes = File.ReadAllBytes(whole);
        string input = _temp.File("cut.wav");
        File.WriteAllBytes(input, bytes[..(bytes.Length / 2)]);
        string outDir = _temp.Sub("out");

        var e = Assert.Throws<AudioFormatException>(() => _engine.Run(OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir)));

        Assert.Contains("truncated", e.Message);
        Assert.Empty(OfflineAudio.Listing(outDir));
    }

    [Fact]
    public void Five_stems_from_a_two_stem_model_is_a_model_problem_with_nothing_written()
    {
        string input = OfflineAudio.Write(_temp.File("s.wav"), 44_100, 2, 44_100);
        string outDir = _temp.Sub("out");

        var e = Assert.Throws<ModelLoadException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir) with { Stems = StemSelection.FiveStems }));

        Assert.Contains("identity-2stem", e.Message);
        Assert.Contains("missing: drums, bass, instruments, fx", e.Message);
        Assert.Empty(OfflineAudio.Listing(outDir));
    }

    [Fact]
    public void When_one_output_cannot_be_moved_into_place_none_of_the_job_files_remain()
    {
        string input = OfflineAudio.Write(_temp.File("song.wav"), 44_100, 2, 44_100);
        string outDir = _temp.Sub("out");
        // A folder where the second stem should go makes its rename fail after the first stem was moved.
        Directory.CreateDirectory(Path.Combine(outDir, "song.instrumental.wav"));

        var e = Assert.Throws<IOException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir)));

        Assert.Contains("no output of this job was kept", e.Message);
        Assert.Equal(["song.instrumental.wav"], OfflineAudio.Listing(outDir)); // only the obstacle
    }

    [Fact]
    public void Missing_input_file_is_reported_by_name()
    {
        string missing = _temp.File("nope.wav");

        var e = Assert.Throws<FileNotFoundException>(() => _engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, missing, _temp.Sub("out"))));

        Assert.Contains("nope.wav", e.Message);
    }
}
