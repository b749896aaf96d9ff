using LocoformerVst.Plugin.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>Without a usable model the plugin still loads, passes audio through undelayed and says why.</summary>
[Collection(ProductBundleCollection.Name)]
public sealed class FailureTests(ProductBundleFixture bundle)
{
    [Theory]
    [InlineData("empty")]
    [InlineData("missing")]
    public void Without_models_the_plugin_passes_audio_through_with_zero_latency_and_reports_no_model(string kind)
    {
        string dir = Directory.CreateTempSubdirectory("no-models-").FullName;
        if (kind == "missing")
            Directory.Delete(dir);
        Render r = RenderWithModels(dir, "no-models-" + kind);

        Assert.Equal(0, r.Latency);
        Assert.Equal(3 / 4.0, r.Run.OutputParameter(LocoformerParameters.Status)); // "No model found"
        Assert.Equal(0.0, r.Run.OutputParameter(LocoformerParameters.Device));
        Assert.Contains(dir, r.Run.ToString());
    }

    [Fact]
    public void A_corrupt_model_file_is_reported_as_a_load_failure_and_audio_passes_through()
    {
        string dir = Directory.CreateTempSubdirectory("bad-model-").FullName;
        File.Copy(Path.Combine(bundle.RepoRoot, "tests", "fixtures", "models", "identity-2stem.json"), Path.Combine(dir, "identity-2stem.json"));
        File.WriteAllBytes(Path.Combine(dir, "identity-2stem.onnx"), [1, 2, 3, 4, 5, 6, 7, 8]);
        Render r = RenderWithModels(dir, "bad-model");

        Assert.Equal(0, r.Latency);
        Assert.Equal(1.0, r.Run.OutputParameter(LocoformerParameters.Status)); // "Model failed to load"
        Assert.Contains("identity-2stem", r.Run.ToString());
    }

    private Render RenderWithModels(string modelDir, string name)
    {
        float[][] input = Audio.Music(20000, 44100);
        var environment = new Dictionary<string, string?> { [PluginLocation.ModelDirectoryVariable] = modelDir };
        Render r = Renderer.Run(bundle, environment, name, input, 44100, "--mode", "realtime", "--block", "256");
        Assert.True(Audio.MaxDelayedError(input, r.Main, 0) == 0, "main output = input, sample for sample");
        Assert.All(r.Aux, bus => Assert.True(Audio.Peak(bus) == 0));
        return r;
    }
}
