using LocoformerVst.Inference.Models;

namespace LocoformerVst.Cli.Tests;

public sealed class ModelLocatorTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Models_beside_the_executable_win_when_they_hold_a_manifest()
    {
        string exe = _temp.Sub("app");
        string models = _temp.Sub(Path.Combine("app", "models"));
        File.WriteAllText(Path.Combine(models, "lite-2stem.json"), "{}");

        Assert.Equal(models, ModelLocator.Directory(null, exe, _temp.Sub("elsewhere")));
    }

    [Fact]
    public void Without_models_beside_the_executable_the_repository_models_folder_is_found_by_walking_up()
    {
        string repo = _temp.Sub("repo");
        File.WriteAllText(Path.Combine(repo, "LocoformerVst.sln"), "");
        string models = _temp.Sub(Path.Combine("repo", "models"));
        string deep = _temp.Sub(Path.Combine("repo", "src", "deep"));
        _temp.Sub(Path.Combine("app", "models")); // present but empty: the build copied no models

        Assert.Equal(models, ModelLocator.Directory(null, Path.Combine(_temp.Path, "app"), deep));
    }

    [Fact]
    public void No_models_directory_anywhere_names_the_places_searched_and_the_option()
    {
        string start = _temp.Sub("nowhere");

        var e = Assert.Throws<ModelLoadException>(() => ModelLocator.Directory(null, _temp.Sub("app"), start));

        Assert.Contains(Path.Combine(_temp.Path, "app", "models"), e.Message);
        Assert.Contains(start, e.Message);
        Assert.Contains("--model-dir", e.Message);
    }

    [Fact]
    public void Explicit_directory_that_does_not_exist_is_a_model_problem()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelLocator.Directory(_temp.File("absent")));
        Assert.Contains("absent", e.Message);
    }
}
