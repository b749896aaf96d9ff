using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>Processor state through the C host's IBStream: round trips, an old version, and damaged blobs.</summary>
[Collection(ProductBundleCollection.Name)]
public sealed class StateTests(ProductBundleFixture bundle)
{
    [Fact]
    public void A_state_loaded_by_the_host_sets_processor_and_controller_and_saves_back_byte_for_byte()
    {
        byte[] blob = StateBlobs.FromWriter((LocoformerParameters.Stem, 2), (LocoformerParameters.Mix, 25),
            (LocoformerParameters.Latency, 2), (LocoformerParameters.Mode, 2));
        string path = bundle.TempPath("roundtrip.state");
        string saved = bundle.TempPath("roundtrip-saved.state");
        File.WriteAllBytes(path, blob);

        HostRun run = bundle.RunHost("--load-state", path, "--print-params", "--save-state", saved).AssertSucceeded();
        var load = run.Single("state-load");
        Assert.Equal(("0", "0"), (load["component"], load["controller"]));
        Assert.Equal("Bass", run.Parameter(LocoformerParameters.Stem)["display"]);
        Assert.Equal("Enhance", run.Parameter(LocoformerParameters.Mode)["display"]);
        Assert.Equal("Quality", run.Parameter(LocoformerParameters.Latency)["display"]);
        Assert.Equal("25", run.Parameter(LocoformerParameters.Mix)["display"]);
        Assert.Equal(blob, File.ReadAllBytes(saved));
    }

    public static TheoryData<string> DamagedStates() => ["random", "truncated", "wrong-magic", "bad-settings", "future-settings"];

    [Theory]
    [MemberData(nameof(DamagedStates))]
    public void A_damaged_state_is_refused_whole_and_the_plugin_keeps_its_defaults_and_keeps_working(string kind)
    {
        byte[] valid = StateBlobs.FromWriter((LocoformerParameters.Stem, 5), (LocoformerParameters.Latency, 0));
        byte[] blob = kind switch
        {
            "random" => RandomBytes(333),
            "truncated" => valid[..(valid.Length / 2)],
            "wrong-magic" => [(byte)'X', .. valid[1..]],
            // The parameter part is valid; the plugin's own settings block names device preference 7.
            "bad-settings" => StateBlobs.Assemble([(LocoformerParameters.Stem, 1.0)], [.. StateBlobs.SettingsV1(1)[..8], 7]),
            _ => StateBlobs.Assemble([(LocoformerParameters.Stem, 1.0)], [(byte)'L', (byte)'C', (byte)'F', (byte)'M', 9, 0, 0, 0, 0]),
        };
        string path = bundle.TempPath($"damaged-{kind}.state");
        File.WriteAllBytes(path, blob);
        float[][] input = Audio.Music(44100, 44100);
        string inPath = bundle.TempPath($"damaged-{kind}.in.wav");
        TestWav.WriteFloat(inPath, input, 44100);

        HostRun run = bundle.RunHost("--load-state", path, "--print-params", "--mode", "offline", "--in", inPath,
            "--out", bundle.TempPath($"damaged-{kind}.wav")).AssertSucceeded();
        var load = run.Single("state-load");
        Assert.Equal(("1", "1"), (load["component"], load["controller"])); // kResultFalse from both halves
        foreach (var p in run.Records("param"))
            Assert.Equal(p["default"], p["value"]);
        int latency = (int)run.Numbers("latency").Single();
        Assert.Equal(56 * 512 + 1536 + 512 + 128, latency); // Balanced, the default, not the blob's Low
        Assert.True(Audio.MaxDelayedError(input, TestWav.Read(bundle.TempPath($"damaged-{kind}.wav")).Channels, latency) < 1e-5);
    }

    [Fact]
    public void A_version_1_state_loads_with_its_parameters_applied()
    {
        byte[] blob = StateBlobs.Assemble(
            [(LocoformerParameters.Stem, 0.2), (LocoformerParameters.Mode, 0.5), (LocoformerParameters.Mix, 0.75)],
            StateBlobs.SettingsV1(device: 1));
        string path = bundle.TempPath("v1.state");
        File.WriteAllBytes(path, blob);
        HostRun run = bundle.RunHost("--load-state", path, "--print-params").AssertSucceeded();
        var load = run.Single("state-load");
        Assert.Equal(("0", "0"), (load["component"], load["controller"]));
        Assert.Equal("Drums", run.Parameter(LocoformerParameters.Stem)["display"]);
        Assert.Equal("Clean", run.Parameter(LocoformerParameters.Mode)["display"]);
        Assert.Equal("75", run.Parameter(LocoformerParameters.Mix)["display"]);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
