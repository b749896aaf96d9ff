using System.Text.Json.Nodes;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

public sealed class ModelManifestFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(JsonObject manifest) => ManifestJson.WriteModel(_dir.Path, manifest);

    private static ModelLoadException Rejects(string path) => Assert.Throws<ModelLoadException>(() => ModelManifestFile.Read(path));

    [Fact]
    public void Contract_manifest_exposes_stems_channels_chunk_and_shapes()
    {
        JsonObject json = ManifestJson.Contract("tiny-2stem", ["vocals", "instrumental"]);
        json["config"]!["bands"] = new JsonArray(1000, 25);

        ModelManifest m = ModelManifestFile.Read(Write(json));

        Assert.Equal("tiny-2stem", m.Name);
        Assert.Equal(ModelTask.Separate, m.Kind);
        Assert.Equal(["vocals", "instrumental"], m.Stems);
        Assert.Equal(4, m.Planes);
        Assert.Equal((64, 16, 16), (m.Chunk.Frames, m.Chunk.LeftContext, m.Chunk.RightContext));
        Assert.Equal([1000, 25], m.Config.Bands!);
        Assert.Equal("mix", m.Input.Name);
        Assert.Equal("[?,4,?,1025]", TensorDim.Format(m.Input.Shape));
        Assert.Equal("frames", m.Input.Shape[2].Symbol);
        Assert.Equal("[?,2,4,?,1025]", TensorDim.Format(m.Output.Shape));
        Assert.Equal(1.0e9, m.FlopsPerSecond);
        Assert.Equal("synthetic", m.Training!.Value.GetProperty("data").GetString());
    }

    [Fact]
    public void Written_manifest_reads_back_equal()
    {
        ModelManifest original = ModelManifestFile.Read(Write(ManifestJson.Contract("m", ["vocals", "drums", "bass"])));
        string copy = _dir.File("copy.json");

        ModelManifestFile.Write(original with { Name = "copy" }, copy);
        ModelManifest back = ModelManifestFile.Read(copy);

        Assert.Equal("copy", back.Name);
        Assert.Equal(original.Stems, back.Stems);
        Assert.Equal(TensorDim.Format(original.Output.Shape), TensorDim.Format(back.Output.Shape));
        Assert.Equal(original.Chunk, back.Chunk);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void Malformed_json_names_the_file_and_the_position()
    {
        string path = _dir.File("broken.json");
        File.WriteAllText(path, "{ \"format\": 1, \"name\": \"broken\", ");

        ModelLoadException e = Rejects(path);

        Assert.Contains("'broken.json' is not a valid model manifest", e.Message);
        Assert.Contains("LineNumber", e.Message);
    }

    [Fact]
    public void Missing_required_field_is_named()
    {
        JsonObject json = ManifestJson.Contract("nostems", ["vocals"]);
        json.Remove("stems");

        ModelLoadException e = Rejects(Write(json));

        Assert.Contains("'nostems.json'", e.Message);
        Assert.Contains("'stems'", e.Message);
    }

    [Fact]
    public void Null_for_a_required_object_is_rejected()
    {
        JsonObject json = ManifestJson.Contract("nullstft", ["vocals"]);
        json["stft"] = null;

        Assert.Contains("stft", Rejects(Write(json)).Message);
    }

    [Fact]
    public void Unsupported_format_version_says_which_format_is_read()
    {
        JsonObject json = ManifestJson.Contract("future", ["vocals"]);
        json["format"] = 2;

        Assert.Contains("format 2 is not supported; this build reads format 1", Rejects(Write(json)).Message);
    }

    [Fact]
    public void Stft_other_than_2048_512_is_rejected_with_the_supported_values()
    {
        JsonObject json = ManifestJson.Contract("small-fft", ["vocals"]);
        json["stft"]!["nFft"] = 1024;

        string message = Rejects(Write(json)).Message;

        Assert.Contains("nFft 1024", message);
        Assert.Contains("expected nFft 2048, hop 512", message);
    }

    [Fact]
    public void Unknown_task_lists_the_supported_tasks()
    {
        JsonObject json = ManifestJson.Contract("remix", ["vocals"], task: "remix");

        Assert.Contains("task 'remix' is not supported; expected one of: separate, clean, identity", Rejects(Write(json)).Message);
    }

    [Fact]
    public void Name_must_match_the_file_base_name()
    {
        string path = _dir.File("renamed.json");
        File.WriteAllText(path, ManifestJson.Contract("original", ["vocals"]).ToJsonString());

        Assert.Contains("has name 'original' but the file is named 'renamed'", Rejects(path).Message);
    }

    [Fact]
    public void Input_shape_must_match_twice_the_channels()
    {
        JsonObject json = ManifestJson.Contract("mono-shape", ["vocals"], channels: 1); // input says 2 planes
        json["input"]!["shape"] = new JsonArray("batch", 4, "frames", 1025);

        string message = Rejects(Write(json)).Message;

        Assert.Contains("input 'mix' has shape [?,4,?,1025]; expected [?,2,?,1025]", message);
    }

    [Fact]
    public void Output_stem_axis_must_match_the_stem_list()
    {
        JsonObject json = ManifestJson.Contract("three", ["vocals", "drums", "bass"]);
        json["output"]!["shape"] = new JsonArray("batch", 2, 4, "frames", 1025);

        Assert.Contains("expected [?,3,4,?,1025]", Rejects(Write(json)).Message);
    }

    [Fact]
    public void Bands_must_sum_to_1025_bins()
    {
        JsonObject json = ManifestJson.Contract("bands", ["vocals"]);
        json["config"]!["bands"] = new JsonArray(512, 512);

        Assert.Contains("summing to 1024", Rejects(Write(json)).Message);
    }

    [Fact]
    public void Missing_manifest_file_says_each_model_needs_one()
    {
        Assert.Contains("not found", Rejects(_dir.File("absent.json")).Message);
    }
}
