using System.Text.Json.Nodes;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Onnx;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

public sealed class ModelSignatureValidatorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A one-stem "model" whose input has <paramref name="bins"/> bins: stems = Unsqueeze(mix, axis 1).</summary>
    private static byte[] UnsqueezeModel(int planes, int bins, string inputName = "mix") =>
        new OnnxModelBuilder()
            .Input(inputName, "batch", (long)planes, "frames", (long)bins)
            .Output("stems", "batch", 1L, (long)planes, "frames", (long)bins)
            .Initializer("axes", [1], new long[] { 1 })
            .Node("Unsqueeze", [inputName, "axes"], ["stems"])
            .Build();

    private ModelEntry Write(JsonObject manifest, byte[] onnx) =>
        ModelEntry.Load(ManifestJson.WriteModel(_dir.Path, manifest, onnx));

    /// <summary>Copies a fixture's ONNX under a new name with an edited manifest, to pair a real model with a wrong manifest.</summary>
    private ModelEntry FixtureWithManifest(string fixture, JsonObject manifest) =>
        Write(manifest, File.ReadAllBytes(Fixtures.Model(fixture).OnnxPath));

    private static ModelLoadException Rejects(ModelEntry model) =>
        Assert.Throws<ModelLoadException>(() => ChunkSession.Open(model, 4).Dispose());

    [Fact]
    public void Model_exported_with_513_bins_is_rejected_with_an_n_fft_hint()
    {
        ModelEntry model = Write(ManifestJson.Contract("fft1024", ["vocals"]), UnsqueezeModel(planes: 4, bins: 513));

        string message = Rejects(model).Message;

        Assert.Contains("model 'fft1024.onnx' has input 'mix' [?,4,?,513]; expected [?,4,?,1025]", message);
        Assert.Contains("was it exported with n_fft 2048? (513 bins means n_fft 1024)", message);
    }

    [Fact]
    public void A_matching_generated_model_passes_validation()
    {
        ModelEntry model = Write(ManifestJson.Contract("ok", ["vocals"]), UnsqueezeModel(planes: 4, bins: 1025));

        ModelSignatureValidator.Verify(model);
    }

    [Fact]
    public void Manifest_with_more_stems_than_the_real_model_is_rejected()
    {
        ModelEntry model = FixtureWithManifest("tiny-2stem",
            ManifestJson.Contract("tiny-as-5stem", ["vocals", "drums", "bass", "instruments", "fx"]));

        string message = Rejects(model).Message;

        Assert.Contains("has output 'stems' [?,2,4,?,1025]; expected [?,5,4,?,1025]", message);
        Assert.Contains("the manifest lists 5 stems [vocals, drums, bass, instruments, fx] but the model has 2", message);
    }

    [Fact]
    public void Mono_manifest_for_a_stereo_model_is_rejected()
    {
        ModelEntry model = FixtureWithManifest("tiny-2stem",
            ManifestJson.Contract("tiny-as-mono", ["vocals", "instrumental"], channels: 1));

        string message = Rejects(model).Message;

        Assert.Contains("has input 'mix' [?,4,?,1025]; expected [?,2,?,1025]", message);
        Assert.Contains("the manifest says channels 1 (2 real/imag planes) but the model has 4 planes", message);
    }

    [Fact]
    public void Input_with_another_name_is_rejected_listing_the_actual_inputs()
    {
        ModelEntry model = Write(ManifestJson.Contract("renamed-input", ["vocals"]),
            UnsqueezeModel(planes: 4, bins: 1025, inputName: "spec"));

        Assert.Contains("has inputs [spec]; its manifest expects exactly one input named 'mix'", Rejects(model).Message);
    }

    [Fact]
    public void Garbage_bytes_are_reported_as_not_a_valid_onnx_model()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        ModelEntry model = Write(ManifestJson.Contract("garbage", ["vocals", "instrumental"]), garbage);

        string message = Rejects(model).Message;

        Assert.Contains("model 'garbage.onnx' could not be loaded by ONNX Runtime", message);
        Assert.Contains("not a valid ONNX model", message);
    }

    [Fact]
    public void Onnx_file_deleted_after_cataloguing_is_reported_missing()
    {
        ModelEntry model = Write(ManifestJson.Contract("vanished", ["vocals"]), UnsqueezeModel(4, 1025));
        File.Delete(model.OnnxPath);

        Assert.Contains($"model file '{model.OnnxPath}' not found", Rejects(model).Message);
    }

    [Fact]
    public void Loading_an_onnx_without_manifest_says_the_manifest_is_missing()
    {
        File.WriteAllBytes(_dir.File("bare.onnx"), UnsqueezeModel(4, 1025));

        var e = Assert.Throws<ModelLoadException>(() => ModelEntry.Load(_dir.File("bare.onnx")));

        Assert.Contains("model 'bare.onnx' has no manifest", e.Message);
    }

    [Fact]
    public void Loading_a_missing_model_names_the_path()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelEntry.Load(_dir.File("absent.onnx")));

        Assert.Contains($"model file '{_dir.File("absent.onnx")}' not found", e.Message);
    }
}
