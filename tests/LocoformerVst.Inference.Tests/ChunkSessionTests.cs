using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

public sealed class ChunkSessionTests
{
    private static readonly InferenceSettings TwoThreads = new() { IntraOpThreads = 2 };

    /// <summary>
    /// ORT vs PyTorch agree within 1e-4 absolute, scaled by max |y| when outputs exceed 1 (fp32 reductions in a
    /// different order grow with magnitude).
    /// </summary>
    private static void AssertMatchesGolden(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float peak = 0;
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            peak = Math.Max(peak, Math.Abs(expected[i]));
            double diff = Math.Abs(expected[i] - actual[i]);
            if (!(diff <= worst))
            {
                (worst, worstIndex) = (diff, i);
            }
        }

        double tolerance = 1e-4 * Math.Max(1, peak);
        Assert.True(worst <= tolerance,
            $"max |ORT - PyTorch| = {worst:E3} at {worstIndex} (expected {expected[worstIndex]}, got {actual[worstIndex]}), " +
            $"tolerance {tolerance:E3}, max |y| = {peak}");
        Assert.True(peak > 1e-3, "golden output is all ~zero, so the comparison would prove nothing");
    }

    private static void RunGolden(ChunkSession session, string model, int frames)
    {
        GoldenPair golden = Fixtures.Golden(model, frames);
        Assert.Equal([1, session.Planes, frames, ModelContract.Bins], golden.MixShape);
        Assert.Equal([1, session.StemCount, session.Planes, frames, ModelContract.Bins], golden.StemsShape);
        session.EnsureFrames(frames);
        golden.Mix.CopyTo(session.Input);

        session.Run();

        AssertMatchesGolden(golden.Stems, session.Output);
    }

    [Fact]
    public void Tiny_model_matches_pytorch_at_16_and_37_frames_on_one_session()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("tiny-2stem"), 16, TwoThreads);

        RunGolden(session, "tiny-2stem", 16);
        RunGolden(session, "tiny-2stem", 37);
        RunGolden(session, "tiny-2stem", 16); // shrinking back reuses the grown buffers

        Assert.Equal(16, session.Frames);
        Assert.Equal(2 * 4 * 16 * 1025, session.Output.Length);
    }

    [Fact]
    public void Lite_band_split_model_matches_pytorch_at_16_frames()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("lite-5stem-random"), 16, TwoThreads);

        RunGolden(session, "lite-5stem-random", 16);
    }

    [Fact]
    public void Shipped_models_reproduce_the_outputs_of_their_checkpoints()
    {
        // models/training/ship.py writes a golden pair from the PyTorch checkpoint for every model it ships.
        string shipped = ModelDirectoryLocator.Find(null, "the repository's models/", startDirectory: AppContext.BaseDirectory);
        var catalog = ModelCatalog.FromDirectory(shipped);
        Assert.NotEmpty(catalog.Models);
        foreach (ModelEntry model in catalog.Models)
        {
            Assert.True(File.Exists(Path.Combine(Fixtures.GoldenDirectory, $"{model.Name}_T16.mix.f32")),
                $"shipped model {model.Name} has no golden pair; run models/training/ship.py");
            using ChunkSession session = ChunkSession.Open(model, 16, TwoThreads);
            RunGolden(session, model.Name, 16);
        }
    }

    [Fact]
    public void Mixture_consistent_shipped_models_return_stems_that_sum_to_their_input()
    {
        string shipped = ModelDirectoryLocator.Find(null, "the repository's models/", startDirectory: AppContext.BaseDirectory);
        ModelEntry[] consistent = [.. ModelCatalog.FromDirectory(shipped).Models.Where(m => m.Manifest.MixtureConsistent)];
        Assert.NotEmpty(consistent);
        foreach (ModelEntry model in consistent)
        {
            using ChunkSession session = ChunkSession.Open(model, 16, TwoThreads);
            new Random(11).NextSingles(session.Input);
            session.Run();

            int plane = session.Input.Length;
            float peak = 0;
            double worst = 0;
            for (int i = 0; i < plane; i++)
            {
                float sum = 0;
                for (int s = 0; s < session.StemCount; s++)
                {
                    sum += session.Output[s * plane + i];
                }

                peak = Math.Max(peak, Math.Abs(session.Input[i]));
                worst = Math.Max(worst, Math.Abs(sum - session.Input[i]));
            }

            Assert.True(worst <= 1e-4 * Math.Max(1, peak), $"{model.Name}: max |sum of stems - input| = {worst:E3}");
        }
    }

    [Fact]
    public void Run_allocates_no_managed_memory_after_warm_up()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("tiny-2stem"), 4, TwoThreads);
        new Random(3).NextSingles(session.Input);
        session.Run();
        session.Run();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            session.Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Identity_model_returns_the_input_as_stem_zero_and_silence_as_stem_one()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("identity-2stem"), 7, TwoThreads);
        new Random(5).NextSingles(session.Input);
        session.Output.Fill(float.NaN);

        session.Run();

        Assert.True(session.Input.SequenceEqual(session.OutputStem(0)), "stem 0 must equal the input exactly");
        Assert.True(session.OutputStem(1).IndexOfAnyExcept(0f) < 0, "stem 1 must be all zeros");
    }

    [Fact]
    public void Stem_views_partition_the_output_in_manifest_order()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("lite-5stem-random"), 3, TwoThreads);
        int stemLength = session.Planes * session.PlaneLength;
        session.Output.Fill(0);
        session.OutputStem(4)[0] = 42;

        Assert.Equal(5, session.StemCount);
        Assert.Equal(4 * 3 * 1025, stemLength);
        Assert.Equal(42, session.Output[4 * stemLength]);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.OutputStem(5));
    }

    [Fact]
    public void Cancel_before_run_cancels_that_run_and_the_next_run_succeeds()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("identity-2stem"), 4, TwoThreads);
        new Random(9).NextSingles(session.Input);

        session.Cancel();
        Assert.Throws<OperationCanceledException>(session.Run);

        session.Output.Clear();
        session.Run();
        Assert.True(session.Input.SequenceEqual(session.OutputStem(0)));
    }

    [Fact]
    public void Cancel_from_another_thread_stops_a_long_run()
    {
        // 400 frames of the lite model take seconds on a CPU; cancel lands mid-run.
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("lite-5stem-random"), 400, TwoThreads);
        new Random(11).NextSingles(session.Input);
        var started = new ManualResetEventSlim();

        Task run = Task.Run(() =>
        {
            started.Set();
            session.Run();
        });
        started.Wait();
        Thread.Sleep(50);
        session.Cancel();

        var e = Assert.ThrowsAny<Exception>(() => run.GetAwaiter().GetResult());
        Assert.IsType<OperationCanceledException>(e);
    }

    [Fact]
    public void EnsureFrames_rejects_fewer_than_one_frame()
    {
        using ChunkSession session = ChunkSession.Open(Fixtures.Model("identity-2stem"), 4, TwoThreads);

        Assert.Throws<ArgumentOutOfRangeException>(() => session.EnsureFrames(0));
        Assert.Equal(4, session.Frames);
    }
}

internal static class RandomExtensions
{
    public static void NextSingles(this Random random, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }
}
