using System.Diagnostics;
using LocoformerVst.Inference.Chunking;

namespace LocoformerVst.Streaming.Tests;

public class RealtimeSeparatorTests
{
    private static SeparatorSetup Setup(int rate, int maxBlock, int channels, LatencyMode mode = LatencyMode.Low) => new()
    {
        HostSampleRate = rate,
        MaxBlockSize = maxBlock,
        Channels = channels,
        Model = TestModels.Identity,
        LatencyMode = mode,
        MeasureCapability = false,
    };

    public static TheoryData<int, int> BlockSizes() => new()
    {
        { 1, 1 }, { 17, 2 }, { 64, 1 }, { 512, 2 }, { 4096, 2 }, { 0, 1 }, { 0, 2 }, { 1, 2 }, { 4096, 1 },
    };

    [Theory]
    [MemberData(nameof(BlockSizes))]
    public void Null_test_output_equals_input_delayed_by_the_reported_latency_at_44_1_kHz(int block, int channels)
    {
        // block 0 = a random size per call, up to 700 samples
        int maxBlock = block == 0 ? 700 : block;
        using var separator = new RealtimeSeparator();
        separator.Prepare(Setup(44_100, maxBlock, channels));
        var input = Signals.Music(channels, 44_100 * 3 / 2, 44_100);
        var rng = new Random(7);
        var output = Signals.Render(separator, input, () => block == 0 ? rng.Next(1, 701) : block, HostProcessMode.Offline, maxBlock);

        int latency = separator.LatencySamples;
        Assert.True(latency > 0 && latency < input[0].Length / 2);
        Assert.True(Signals.MaxDelayedError(input, output, latency) < 1e-5);
        Assert.Equal(0, separator.Underruns);
        Assert.Equal(0, separator.OfflineTimeouts);
    }

    [Theory]
    [InlineData(48_000, 512)]
    [InlineData(96_000, 333)]
    [InlineData(48_000, 1)]
    public void Null_test_holds_through_resampling_within_minus_60_dB(int rate, int block)
    {
        using var separator = new RealtimeSeparator();
        separator.Prepare(Setup(rate, block, 2));
        var input = Signals.Music(2, rate * 3 / 2, rate);
        var output = Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        int latency = separator.LatencySamples;
        // Stated tolerance: 1e-3 (-60 dB re full scale) for band-limited material; skip the resamplers' start-up.
        double err = Signals.MaxDelayedError(input, output, latency, from: latency + 256);
        string lags = string.Join(", ", Enumerable.Range(-3, 7).Select(d => $"{d}:{Signals.MaxDelayedError(input, output, latency + d, from: latency + 256):E2}"));
        Assert.True(err < 1e-3, $"error {err} latency {latency}; by lag {lags}");
        Assert.True(Signals.MaxDelayedError(input, output, latency, to: latency - 256) < 1e-6);
    }

    [Fact]
    public void The_audio_thread_path_allocates_nothing_over_ten_thousand_calls()
    {
        using var separator = new RealtimeSeparator();
        separator.Prepare(Setup(48_000, 64, 2));
        var input = new float[2 * 64];
        var output = new float[2 * 64];
        for (int i = 0; i < input.Length; i++) input[i] = MathF.Sin(i * 0.1f);
        separator.Process(input, 64, output, 64, Span<float>.Empty, 0, 64, HostProcessMode.Realtime);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            separator.Process(input, 64, output, 64, Span<float>.Empty, 0, i % 64 + 1, HostProcessMode.Realtime);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_starved_worker_never_blocks_real_time_counts_underruns_and_recovers_without_drift()
    {
        const int block = 512;
        using var separator = new RealtimeSeparator();
        var setup = Setup(44_100, block, 2) with { MainMix = new StemMix([0.5f, 0f]) };
        separator.Prepare(setup);
        separator.Worker!.ArtificialChunkDelay = TimeSpan.FromMilliseconds(300);
        var input = Signals.Music(2, block * 520, 44_100);
        var output = new float[2][] { new float[input[0].Length], new float[input[0].Length] };
        var inBlock = new float[2 * block];
        var outBlock = new float[2 * block];
        double slowestMs = 0;
        var clock = Stopwatch.StartNew();
        for (int pos = 0, k = 0; pos < input[0].Length; pos += block, k++)
        {
            if (pos >= 44_100 * 2) separator.Worker.ArtificialChunkDelay = TimeSpan.Zero; // the model recovers
            for (int c = 0; c < 2; c++) input[c].AsSpan(pos, block).CopyTo(inBlock.AsSpan(c * block));
            long start = Stopwatch.GetTimestamp();
            separator.Process(inBlock, block, outBlock, block, Span<float>.Empty, 0, block, HostProcessMode.Realtime);
            slowestMs = Math.Max(slowestMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            for (int c = 0; c < 2; c++) outBlock.AsSpan(c * block, block).CopyTo(output[c].AsSpan(pos));
            // pace like a sound card
            double due = (double)(pos + block) / 44_100;
            while (clock.Elapsed.TotalSeconds < due) Thread.Sleep(1);
        }

        Assert.True(separator.Underruns > 0);
        Assert.True(separator.LateChunks > 0);
        Assert.True(slowestMs < 100, $"a real-time Process call took {slowestMs:F1} ms; the model's delay is 300 ms");
        Assert.All(output, ch => Assert.All(ch, v => Assert.True(float.IsFinite(v))));
        // After recovery the separated half-level signal is back, at exactly the reported latency.
        int latency = separator.LatencySamples;
        Assert.True(Signals.MaxDelayedError(input, output, latency, gain: 0.5f, from: 44_100 * 5) < 1e-5);
    }

    [Fact]
    public void Offline_mode_with_a_slow_model_matches_real_time_with_a_fast_model()
    {
        const int block = 256;
        var input = Signals.Music(2, 44_100 * 2, 44_100, seed: 3);
        // The identity model is the fast one; the same model with 80 ms added per chunk is the slow one.
        var setup = Setup(44_100, block, 2, LatencyMode.Low) with { MainMix = new StemMix([0.7f, 0f]) };

        using var offline = new RealtimeSeparator();
        offline.Prepare(setup);
        offline.Worker!.ArtificialChunkDelay = TimeSpan.FromMilliseconds(80);
        var slow = Signals.Render(offline, input, () => block, HostProcessMode.Offline, block);

        using var realtime = new RealtimeSeparator();
        realtime.Prepare(setup);
        var clock = Stopwatch.StartNew();
        int pos = 0;
        var fast = Signals.Render(realtime, input, () =>
        {
            double due = (double)pos / 44_100;
            while (clock.Elapsed.TotalSeconds < due) Thread.Sleep(1);
            pos += block;
            return block;
        }, HostProcessMode.Realtime, block);

        Assert.Equal(0, offline.OfflineTimeouts);
        Assert.Equal(0, realtime.Underruns);
        Assert.True(offline.LatencySamples == realtime.LatencySamples);
        Assert.True(Signals.MaxDelayedError(input, slow, offline.LatencySamples, gain: 0.7f) < 1e-5);
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < slow[c].Length; i++)
                Assert.True(Math.Abs(slow[c][i] - fast[c][i]) <= 1e-6, $"channel {c} sample {i}");
    }

    [Fact]
    public void Streaming_output_equals_whole_file_processing_within_1e_5()
    {
        const int block = 500;
        var input = Signals.Music(2, 44_100 * 2, 44_100, seed: 5);
        using var separator = new RealtimeSeparator();
        var setup = Setup(44_100, block, 2, LatencyMode.Balanced) with { Model = TestModels.Tiny };
        separator.Prepare(setup);
        var streamed = Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        int latency = separator.LatencySamples;

        var whole = WholeFile.Separate(TestModels.Tiny, LatencyModes.Plan(LatencyMode.Balanced), input);
        double peak = whole.Max(ch => ch.Max(Math.Abs));
        Assert.True(peak > 1e-3);
        // The stream never ends, so compare up to where the whole-file run starts reflect-padding its end.
        int compared = input[0].Length - latency - 4096;
        double worst = 0;
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < compared; i++)
                worst = Math.Max(worst, Math.Abs(streamed[c][i + latency] - whole[c][i]));
        Assert.True(worst <= 1e-5 * Math.Max(1, peak), $"max difference {worst}");
    }

    [Fact]
    public void NaN_Inf_and_denormal_input_never_reach_the_model_or_the_output()
    {
        const int block = 128;
        using var separator = new RealtimeSeparator();
        separator.Prepare(Setup(44_100, block, 2));
        var input = Signals.Music(2, 44_100, 44_100);
        for (int i = 0; i < input[0].Length; i += 97)
        {
            input[0][i] = float.NaN;
            input[1][i] = i % 2 == 0 ? float.PositiveInfinity : float.NegativeInfinity;
            if (i + 1 < input[0].Length) input[0][i + 1] = 1e-40f;
        }

        var output = Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        Assert.True(separator.NonFiniteInputs >= 2 * (input[0].Length / 97));
        foreach (var ch in output)
        {
            foreach (float v in ch)
            {
                Assert.True(float.IsFinite(v));
                Assert.False(v != 0 && Math.Abs(v) < 1e-30f, "denormal in the output");
            }
        }
    }

    [Fact]
    public void Aux_outputs_carry_each_stem_and_bypass_returns_the_delayed_dry_signal()
    {
        const int block = 256;
        using var separator = new RealtimeSeparator();
        separator.Prepare(Setup(44_100, block, 2) with { AuxStems = 2, MainMix = StemMix.Single(2, 1) });
        separator.Bypass = true;
        var input = Signals.Music(2, 44_100, 44_100);
        var aux = new float[2 * 2][];
        for (int i = 0; i < aux.Length; i++) aux[i] = new float[input[0].Length];
        var main = new float[2][] { new float[input[0].Length], new float[input[0].Length] };
        var inBlock = new float[2 * block];
        var outBlock = new float[2 * block];
        var auxBlock = new float[4 * block];
        for (int pos = 0; pos < input[0].Length; pos += block)
        {
            int n = Math.Min(block, input[0].Length - pos);
            for (int c = 0; c < 2; c++) input[c].AsSpan(pos, n).CopyTo(inBlock.AsSpan(c * block));
            separator.Process(inBlock, block, outBlock, block, auxBlock, block, n, HostProcessMode.Offline);
            for (int c = 0; c < 2; c++) outBlock.AsSpan(c * block, n).CopyTo(main[c].AsSpan(pos));
            for (int i = 0; i < 4; i++) auxBlock.AsSpan(i * block, n).CopyTo(aux[i].AsSpan(pos));
        }

        int latency = separator.LatencySamples;
        // Bypassed main = dry delayed; stem 0 (identity) on aux 1/2 = input delayed; stem 1 (zeros) on aux 3/4 = silence.
        Assert.True(Signals.MaxDelayedError(input, main, latency) < 1e-6);
        Assert.True(Signals.MaxDelayedError(input, [aux[0], aux[1]], latency) < 1e-5);
        Assert.True(aux[2].Concat(aux[3]).Max(Math.Abs) < 1e-6);
    }

    [Fact]
    public void Model_swap_mix_changes_reset_and_dispose_leave_no_worker_running()
    {
        const int block = 512;
        var separator = new RealtimeSeparator();
        var report = separator.Prepare(Setup(44_100, block, 2) with { MeasureCapability = true });
        Assert.True(double.IsFinite(report.RealTimeFactor) && report.RealTimeFactor > 0);
        Assert.Equal(separator.LatencySamples, report.LatencySamples);
        var worker = separator.Worker!;

        var input = Signals.Music(2, 44_100, 44_100);
        Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        separator.SwapModel(TestModels.Tiny);
        separator.SetMainMix(StemMix.AllExcept(2, 0));
        var after = Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        Assert.All(after, ch => Assert.All(ch, v => Assert.True(float.IsFinite(v))));
        Assert.Null(separator.WorkerFault);

        separator.Reset();
        var reset = Signals.Render(separator, input, () => block, HostProcessMode.Offline, block);
        Assert.True(reset.Take(1).All(ch => ch.Take(separator.LatencySamples).All(v => v == 0f)), "after Reset the latency is silent again");

        separator.Dispose();
        Assert.Null(separator.Worker);
        Assert.Equal(0, separator.LatencySamples);
        Assert.True(worker.Chunks > 0);
    }
}
