using System.Globalization;
using LocoformerVst.Vst3.Tests.Support;
using LocoformerVst.Vst3.TestPlugin;

namespace LocoformerVst.Vst3.Tests;

/// <summary>Processor state saved and loaded by the C host through its own IBStream, across processes.</summary>
[Collection(BundleCollection.Name)]
public sealed class HostStateTests(PluginBundleFixture bundle)
{
    [Fact]
    public void State_saved_after_a_render_gives_a_fresh_instance_the_same_output()
    {
        float[][] input = TestWav.Signal(2, 9000);
        string inPath = bundle.TempPath("state.in.wav");
        TestWav.WriteFloat(inPath, input, 44100);
        string state = bundle.TempPath("gain.state");

        HostRun first = bundle.RunHost("--in", inPath, "--out", bundle.TempPath("state-a.wav"), "--param", "0=0.3@0",
            "--param", "2=1@0", "--param", "2=0@10", "--save-state", state).AssertSucceeded();
        Assert.Equal("0", first.Single("state-save")["result"]);

        HostRun second = bundle.RunHost("--load-state", state, "--print-params", "--in", inPath,
            "--out", bundle.TempPath("state-b.wav")).AssertSucceeded();
        var load = second.Single("state-load");
        Assert.Equal(("0", "0"), (load["component"], load["controller"]));
        Assert.Equal(0.3, Number(second.Parameter(GainDelayPlugin.GainId)["value"]), 9); // controller synced
        Assert.Equal(TestWav.Read(bundle.TempPath("state-a.wav")).Channels,
            TestWav.Read(bundle.TempPath("state-b.wav")).Channels);
        RenderCheck.AssertDelayedAndScaled(input, TestWav.Read(bundle.TempPath("state-b.wav")).Channels, 1000,
            _ => RenderCheck.GainAt(0.3));
    }

    [Fact]
    public void A_restored_latency_selection_takes_effect_at_the_next_activation()
    {
        string state = bundle.TempPath("latency.state");
        string inPath = bundle.TempPath("latency.in.wav");
        float[][] input = TestWav.Signal(2, 3000);
        TestWav.WriteFloat(inPath, input, 48000);
        bundle.RunHost("--in", inPath, "--out", bundle.TempPath("latency-a.wav"), "--param", "1=0.5@0",
            "--save-state", state).AssertSucceeded();

        HostRun restored = bundle.RunHost("--load-state", state, "--in", inPath, "--out", bundle.TempPath("latency-b.wav"))
            .AssertSucceeded();
        Assert.Equal([100L], restored.Numbers("latency"));
        RenderCheck.AssertDelayedAndScaled(input, TestWav.Read(bundle.TempPath("latency-b.wav")).Channels, 100, _ => 1f);
    }

    [Fact]
    public void Garbage_state_is_refused_and_the_plugin_keeps_its_defaults()
    {
        string garbage = bundle.TempPath("garbage.state");
        var bytes = new byte[257];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(garbage, bytes);
        AssertRefusedKeepingDefaults(garbage, "garbage");
    }

    [Fact]
    public void A_state_whose_plugin_data_is_corrupt_is_refused_as_a_whole()
    {
        string state = bundle.TempPath("corrupt.state");
        bundle.RunHost("--param", "0=0.3@0", "--in", WriteInput("corrupt.in.wav"), "--out", bundle.TempPath("corrupt-a.wav"),
            "--save-state", state).AssertSucceeded();
        byte[] bytes = File.ReadAllBytes(state);
        bytes[^5] ^= 0xFF; // inside the plugin's own "GDLY" block at the end; the parameter part stays valid
        File.WriteAllBytes(state, bytes);
        AssertRefusedKeepingDefaults(state, "corrupt");
    }

    private void AssertRefusedKeepingDefaults(string statePath, string name)
    {
        string inPath = WriteInput(name + ".in.wav");
        HostRun run = bundle.RunHost("--load-state", statePath, "--print-params", "--in", inPath,
            "--out", bundle.TempPath(name + ".wav")).AssertSucceeded();
        var load = run.Single("state-load");
        Assert.Equal(("1", "1"), (load["component"], load["controller"])); // kResultFalse from both halves
        foreach (var p in run.Records("param"))
            Assert.Equal(p["default"], p["value"]);
        RenderCheck.AssertDelayedAndScaled(TestWav.Read(inPath).Channels, TestWav.Read(bundle.TempPath(name + ".wav")).Channels,
            1000, _ => 1f);
    }

    private string WriteInput(string file)
    {
        string path = bundle.TempPath(file);
        TestWav.WriteFloat(path, TestWav.Signal(2, 3000), 44100);
        return path;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
