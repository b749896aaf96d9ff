using System.Text.Json;
using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>The published bundle seen from outside: layout, factory, buses, parameters, and ONNX Runtime found
/// beside the binary whatever the host's working directory.</summary>
[Collection(ProductBundleCollection.Name)]
public sealed class BundleTests(ProductBundleFixture bundle)
{
    [Fact]
    public void Bundle_holds_the_binary_onnx_runtime_moduleinfo_and_the_models_but_no_windows_library()
    {
        Assert.True(File.Exists(bundle.BinaryPath));
        Assert.True(File.Exists(Path.Combine(bundle.BinaryDirectory, "libonnxruntime.so")));
        Assert.Empty(Directory.EnumerateFiles(bundle.BinaryDirectory, "*.dll"));
        Assert.True(File.Exists(Path.Combine(bundle.ResourcesPath, "moduleinfo.json")));
        Assert.Equal(
            ["identity-2stem.json", "identity-2stem.onnx", "lite-5stem-random.json", "lite-5stem-random.onnx"],
            Directory.EnumerateFiles(Path.Combine(bundle.ResourcesPath, "models")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Factory_and_moduleinfo_describe_one_processor_and_one_controller_class()
    {
        var classes = bundle.RunHost("--print-params").AssertSucceeded().Records("class");
        Assert.Equal(2, classes.Count);
        Assert.Equal(("Audio Module Class", "Fx|Restoration", "LocoformerVst"), (classes[0]["category"], classes[0]["subcategories"], classes[0]["name"]));
        Assert.Equal("Component Controller Class", classes[1]["category"]);

        using JsonDocument info = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle.ResourcesPath, "moduleinfo.json")));
        JsonElement[] listed = [.. info.RootElement.GetProperty("Classes").EnumerateArray()];
        Assert.Equal(classes.Select(c => c["cid"]), listed.Select(c => c.GetProperty("CID").GetString()));
    }

    [Fact]
    public void Buses_are_stereo_main_in_and_out_plus_one_inactive_stereo_aux_output_per_stem()
    {
        var buses = bundle.RunHost("--print-params").AssertSucceeded().Records("bus");
        Assert.Equal(
            ["in main 2 1 Main In", "out main 2 1 Main Out", "out aux 2 0 Vocals", "out aux 2 0 Drums", "out aux 2 0 Bass",
             "out aux 2 0 Instruments", "out aux 2 0 FX"],
            buses.Select(b => $"{b["dir"]} {b["type"]} {b["channels"]} {b["default-active"]} {b["name"]}"));
    }

    [Fact]
    public void Parameters_expose_the_surface_with_one_bypass_and_read_only_status()
    {
        HostRun run = bundle.RunHost("--print-params").AssertSucceeded();
        var parameters = run.Records("param");
        Assert.Equal(
            ["Mode", "Stem", "Model", "Latency", "Mix", "Output gain", "Bypass", "Status", "Real-time capable",
             "Real-time factor", "Latency (ms)", "Underruns", "Device"],
            parameters.Select(p => p["title"]));
        Assert.Single(parameters, p => (Convert.ToInt32(p["flags"], 16) & 0x10000) != 0);
        Assert.All(parameters.Skip(7), p => Assert.True((Convert.ToInt32(p["flags"], 16) & 0x2) != 0, p["title"]));
        Assert.Equal(("Balanced", "100", "0.0"), (run.Parameter(LocoformerParameters.Latency)["display"],
            run.Parameter(LocoformerParameters.Mix)["display"], run.Parameter(LocoformerParameters.OutputGain)["display"]));
        Assert.Equal("Inactive", run.Parameter(LocoformerParameters.Status)["display"]);
    }

    [Fact]
    public void A_host_in_another_working_directory_loads_onnx_runtime_from_the_bundle()
    {
        string elsewhere = Directory.CreateTempSubdirectory("host-cwd-").FullName;
        float[][] input = Audio.Music(44100, 44100);
        string inPath = Path.Combine(elsewhere, "in.wav");
        TestWav.WriteFloat(inPath, input, 44100);
        var environment = new Dictionary<string, string?> { ["LOCOFORMER_MODEL_DIR"] = null, ["LD_LIBRARY_PATH"] = null };

        HostRun run = bundle.RunHost(environment, elsewhere, "--mode", "offline", "--in", "in.wav", "--out", "out.wav").AssertSucceeded();
        int latency = (int)run.Numbers("latency").Single();
        Assert.True(latency > 0, $"the model did not run:\n{run}");
        Assert.True(Audio.MaxDelayedError(input, TestWav.Read(Path.Combine(elsewhere, "out.wav")).Channels, latency) < 1e-5);
    }
}
