using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] Onnx = [1, 2, 3]; // the catalog reads manifests only; sessions validate the ONNX

    private static void AddModel(string dir, string name, params string[] stems) =>
        ManifestJson.WriteModel(dir, ManifestJson.Contract(name, stems), Onnx);

    [Fact]
    public void Lists_manifest_onnx_pairs_and_skips_stray_files_with_reasons()
    {
        AddModel(_dir.Path, "b-5stem", "vocals", "drums", "bass", "instruments", "fx");
        AddModel(_dir.Path, "a-2stem", "vocals", "instrumental");
        File.WriteAllBytes(_dir.File("orphan.onnx"), Onnx);
        ManifestJson.WriteModel(_dir.Path, ManifestJson.Contract("lonely", ["vocals"]));
        File.WriteAllText(_dir.File("broken.json"), "{ not json");
        File.WriteAllBytes(_dir.File("broken.onnx"), Onnx);
        File.WriteAllText(_dir.File("README.txt"), "models go here");

        ModelCatalog catalog = ModelCatalog.FromDirectory(_dir.Path);

        Assert.Equal(["a-2stem", "b-5stem"], catalog.Models.Select(m => m.Name));
        Assert.Equal(_dir.File("a-2stem.onnx"), catalog.Models[0].OnnxPath);
        Assert.Equal(3, catalog.Skipped.Count);
        Assert.Contains(catalog.Skipped, s => s.Path.EndsWith("orphan.onnx") && s.Reason.Contains("no manifest"));
        Assert.Contains(catalog.Skipped, s => s.Path.EndsWith("lonely.json") && s.Reason.Contains("no 'lonely.onnx'"));
        Assert.Contains(catalog.Skipped, s => s.Path.EndsWith("broken.json") && s.Reason.Contains("not a valid model manifest"));
    }

    [Fact]
    public void Get_finds_a_model_by_name_ignoring_case_and_lists_the_available_ones_otherwise()
    {
        AddModel(_dir.Path, "lite-2stem", "vocals", "instrumental");
        AddModel(_dir.Path, "lite-5stem", "vocals", "drums", "bass", "instruments", "fx");
        ModelCatalog catalog = ModelCatalog.FromDirectory(_dir.Path);

        Assert.Equal("lite-5stem", catalog.Get("LITE-5stem").Name);
        var e = Assert.Throws<ModelLoadException>(() => catalog.Get("medium-2stem"));
        Assert.Contains("no model named 'medium-2stem'", e.Message);
        Assert.Contains("available: lite-2stem, lite-5stem", e.Message);
    }

    [Fact]
    public void FindByStems_matches_the_stem_set_in_any_order()
    {
        AddModel(_dir.Path, "two", "vocals", "instrumental");
        AddModel(_dir.Path, "five", "vocals", "drums", "bass", "instruments", "fx");
        ModelCatalog catalog = ModelCatalog.FromDirectory(_dir.Path);

        Assert.Equal("five", catalog.FindByStems(["fx", "bass", "Drums", "vocals", "instruments"])?.Name);
        Assert.Equal("two", catalog.FindByStems(["instrumental", "vocals"], ModelTask.Separate)?.Name);
        Assert.Null(catalog.FindByStems(["vocals"]));
        Assert.Null(catalog.FindByStems(["instrumental", "vocals"], ModelTask.Clean));
    }

    [Fact]
    public void Explicit_directory_is_used_even_when_a_bundle_directory_exists()
    {
        string bundleBinary = _dir.Sub("LocoformerVst.vst3", "Contents", "x86_64-linux");
        AddModel(_dir.Sub("LocoformerVst.vst3", "Contents", "Resources", "models"), "bundled", "vocals");
        string explicitDir = _dir.Sub("mine");
        AddModel(explicitDir, "custom", "vocals");

        ModelCatalog catalog = ModelCatalog.Discover(explicitDir, bundleBinary);

        Assert.Equal(["custom"], catalog.Models.Select(m => m.Name));
    }

    [Fact]
    public void Bundle_resources_models_are_found_from_the_plugin_binary_folder()
    {
        string bundleBinary = _dir.Sub("LocoformerVst.vst3", "Contents", "x86_64-linux");
        string resources = _dir.Sub("LocoformerVst.vst3", "Contents", "Resources", "models");
        AddModel(resources, "bundled", "vocals", "instrumental");

        ModelCatalog catalog = ModelCatalog.Discover(pluginBinaryDirectory: bundleBinary);

        Assert.Equal(resources, catalog.Directory);
        Assert.Equal("bundled", Assert.Single(catalog.Models).Name);
    }

    [Fact]
    public void Models_beside_the_plugin_binary_are_found_when_not_in_a_bundle()
    {
        string binary = _dir.Sub("plugins");
        AddModel(_dir.Sub("plugins", "models"), "loose", "vocals");

        Assert.Equal("loose", Assert.Single(ModelCatalog.Discover(pluginBinaryDirectory: binary).Models).Name);
    }

    [Fact]
    public void Candidate_directories_end_with_models_beside_the_application()
    {
        IReadOnlyList<string> candidates = ModelCatalog.CandidateDirectories(_dir.Path);

        Assert.Equal(Path.GetFullPath(Path.Combine(_dir.Path, "..", "Resources", "models")), candidates[0]);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models"), candidates[^1]);
    }

    [Fact]
    public void Missing_explicit_directory_names_the_path()
    {
        string missing = Path.Combine(_dir.Path, "nowhere");

        var e = Assert.Throws<ModelLoadException>(() => ModelCatalog.Discover(missing));

        Assert.Contains($"'{missing}' does not exist", e.Message);
    }

    [Fact]
    public void Fixture_directory_lists_the_identity_tiny_and_lite_models()
    {
        ModelCatalog catalog = ModelCatalog.FromDirectory(Fixtures.ModelsDirectory);

        Assert.Equal(["identity-2stem", "lite-5stem-random", "tiny-2stem"], catalog.Models.Select(m => m.Name));
        Assert.Empty(catalog.Skipped);
        Assert.Equal(5, catalog.Get("lite-5stem-random").Manifest.Stems.Count);
        Assert.Equal(ModelTask.Identity, catalog.Get("identity-2stem").Manifest.Kind);
    }
}
