using System.Globalization;
using LocoformerVst.Vst3.Tests.Support;
using LocoformerVst.Vst3.TestPlugin;

namespace LocoformerVst.Vst3.Tests;

/// <summary>WAV renders through the real .so by the C host: delay compensation, sample-accurate automation, bypass,
/// the aux bus, process modes and latency restarts.</summary>
[Collection(BundleCollection.Name)]
public sealed class HostRenderTests(PluginBundleFixture bundle)
{
    private const int DefaultLatency = 1000;

    [Theory]
    [InlineData(1, 44100, "realtime")]
    [InlineData(1, 48000, "offline")]
    [InlineData(64, 44100, "offline")]
    [InlineData(64, 48000, "realtime")]
    [InlineData(512, 44100, "realtime")]
    [InlineData(512, 48000, "offline")]
    [InlineData(512, 48000, "prefetch")]
    [InlineData(4096, 44100, "offline")]
    [InlineData(4096, 48000, "realtime")]
    public void Output_is_gain_times_input_delayed_by_exactly_the_reported_latency(int block, int rate, string mode)
    {
        float[][] input = TestWav.Signal(2, rate / 4, seed: block);
        string name = $"render-{block}-{rate}-{mode}";
        HostRun run = Render(name, input, rate, "--block", Text(block), "--mode", mode, "--param", "0=0.5@0");

        int latency = (int)run.Numbers("latency").Single();
        Assert.Equal(DefaultLatency, latency);
        float gain = RenderCheck.GainAt(0.5); // -6 dB
        float[][] main = Read(name + ".wav", rate);
        RenderCheck.AssertDelayedAndScaled(input, main, latency, _ => gain);
        // Residual = delayed input − main: together they rebuild the delayed input.
        float[][] residual = Read(name + "-aux1.wav", rate);
        RenderCheck.AssertDelayedAndScaled(input, Sum(main, residual), latency, _ => 1f);

        Assert.Equal(Text((input[0].Length + block - 1) / block), run.Single("processed")["blocks"]);
        double expectedMode = mode switch { "realtime" => 0, "prefetch" => 0.5, _ => 1 };
        Assert.Equal(expectedMode, run.OutputParameter(GainDelayPlugin.ModeId));
    }

    [Fact]
    public void Parameter_points_inside_one_block_land_on_their_exact_samples()
    {
        float[][] input = TestWav.Signal(2, 8192);
        // Block 5 spans samples 2560..3071; both points fall inside it.
        HostRun run = Render("automation", input, 44100, "--block", "512",
            "--param", "0=0.5@0", "--param", "0=0.25@2600", "--param", "0=1@2900");
        float[][] output = Read("automation.wav", 44100);
        RenderCheck.AssertDelayedAndScaled(input, output, (int)run.Numbers("latency").Single(),
            n => n < 2600 ? RenderCheck.GainAt(0.5) : n < 2900 ? RenderCheck.GainAt(0.25) : RenderCheck.GainAt(1));
    }

    [Fact]
    public void Bypass_passes_the_delayed_input_unchanged_from_its_sample_on_and_silences_the_residual()
    {
        float[][] input = TestWav.Signal(2, 8192);
        HostRun run = Render("bypass", input, 48000, "--block", "333", "--param", "0=0.5@0", "--param", "2=1@5000");
        int latency = (int)run.Numbers("latency").Single();
        RenderCheck.AssertDelayedAndScaled(input, Read("bypass.wav", 48000), latency,
            n => n < 5000 ? RenderCheck.GainAt(0.5) : 1f);
        float[][] residual = Read("bypass-aux1.wav", 48000);
        Assert.All(residual, channel => Assert.All(channel[5000..], v => Assert.Equal(0f, v)));
        Assert.Contains(residual[0][latency..5000], v => v != 0f);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public void Integer_pcm_input_is_read_exactly(int bits)
    {
        float[][] signal = TestWav.Signal(2, 6000);
        string inPath = bundle.TempPath($"pcm{bits}.in.wav");
        float[][] stored = TestWav.WritePcm(inPath, signal, 44100, bits);
        string outPath = bundle.TempPath($"pcm{bits}.wav");
        HostRun run = bundle.RunHost("--in", inPath, "--out", outPath).AssertSucceeded();
        RenderCheck.AssertDelayedAndScaled(stored, TestWav.Read(outPath).Channels, (int)run.Numbers("latency").Single(),
            _ => 1f, tolerance: 0);
    }

    [Fact]
    public void Selecting_another_latency_makes_the_host_restart_the_plugin_and_read_the_new_latency()
    {
        float[][] input = TestWav.Signal(2, 20000);
        HostRun run = Render("latency-change", input, 44100, "--block", "256", "--param", "1=1@4000");
        Assert.Contains(run.Records("restart"), r => (int.Parse(r["flags"], CultureInfo.InvariantCulture) & 8) != 0);
        IReadOnlyList<long> latencies = run.Numbers("latency");
        Assert.Equal(DefaultLatency, latencies[0]);
        Assert.Equal(4410, latencies[^1]);
    }

    [Fact]
    public void During_paced_playback_the_restart_request_arrives_mid_render_from_the_plugin_thread()
    {
        // 30 blocks, 10 ms apart: the plugin's notifier (polling every 10 ms) delivers while blocks are still coming.
        float[][] input = TestWav.Signal(2, 30 * 512);
        HostRun run = Render("latency-paced", input, 44100, "--block", "512", "--pace-ms", "10", "--param", "1=0@1024");
        int restart = IndexOf(run, "restart ");
        int processed = IndexOf(run, "processed ");
        Assert.InRange(restart, 0, processed - 1);
        Assert.Equal("latency 0", run.Lines[restart + 1]); // re-read at once: the Latency list's first entry is 0
    }

    [Fact]
    public void A_host_that_never_connects_the_two_halves_still_renders_but_receives_no_restart_request()
    {
        float[][] input = TestWav.Signal(2, 6000);
        HostRun run = Render("no-connect", input, 44100, "--no-connect", "--param", "1=1@0");
        Assert.Empty(run.Records("restart"));
        Assert.Equal([DefaultLatency], run.Numbers("latency"));
        RenderCheck.AssertDelayedAndScaled(input, Read("no-connect.wav", 44100), DefaultLatency, _ => 1f);
    }

    [Fact]
    public void Teardown_releases_every_object_and_message()
    {
        HostRun run = Render("teardown", TestWav.Signal(2, 4000), 44100, "--param", "1=0.25@100");
        Assert.NotEmpty(run.Records("restart")); // messages were exchanged
        Assert.Equal("0", run.Single("release controller")["refs"]);
        Assert.Equal("0", run.Single("release component")["refs"]);
        Assert.Equal([0L], run.Numbers("live-messages"));
    }

    private HostRun Render(string name, float[][] input, int rate, params string[] options)
    {
        string inPath = bundle.TempPath(name + ".in.wav");
        TestWav.WriteFloat(inPath, input, rate);
        return bundle.RunHost(["--in", inPath, "--out", bundle.TempPath(name + ".wav"),
            "--aux-out", bundle.TempPath(name + "-aux"), .. options]).AssertSucceeded();
    }

    private float[][] Read(string file, int expectedRate)
    {
        (float[][] channels, int rate) = TestWav.Read(bundle.TempPath(file));
        Assert.Equal(expectedRate, rate);
        return channels;
    }

    private static float[][] Sum(float[][] a, float[][] b) =>
        a.Select((channel, c) => channel.Select((v, i) => v + b[c][i]).ToArray()).ToArray();

    private static int IndexOf(HostRun run, string prefix)
    {
        for (int i = 0; i < run.Lines.Count; i++)
        {
            if (run.Lines[i].StartsWith(prefix, StringComparison.Ordinal))
                return i;
        }
        Assert.Fail($"no '{prefix}' line:\n{run}");
        return -1;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
