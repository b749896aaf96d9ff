using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class ModelSelectorTests
{
    private static readonly ModelCatalog FixtureCatalog = ModelCatalog.FromDirectory(Fixtures.ModelsDirectory);

    [Fact]
    public void Two_stems_prefer_the_two_stem_separator_over_the_identity_fixture()
    {
        Assert.Equal("tiny-2stem", ModelSelector.Select(FixtureCatalog, OfflineTask.Separate, StemSelection.VocalsAndInstrumental).Name);
    }

    [Fact]
    public void Five_stems_and_enhance_pick_the_five_stem_model()
    {
        Assert.Equal("lite-5stem-random", ModelSelector.Select(FixtureCatalog, OfflineTask.Separate, StemSelection.FiveStems).Name);
        Assert.Equal("lite-5stem-random", ModelSelector.Select(FixtureCatalog, OfflineTask.Enhance, StemSelection.ModelStems).Name);
    }

    [Fact]
    public void Enhance_with_two_stems_prefers_the_two_stem_model()
    {
        Assert.Equal("tiny-2stem", ModelSelector.Select(FixtureCatalog, OfflineTask.Enhance, StemSelection.VocalsAndInstrumental).Name);
    }

    [Fact]
    public void Clean_without_a_cleaning_model_names_the_directory_its_models_and_what_to_do()
    {
        var e = Assert.Throws<ModelLoadException>(() => ModelSelector.Select(FixtureCatalog, OfflineTask.Clean, StemSelection.ModelStems));

        Assert.Contains(FixtureCatalog.Directory, e.Message);
        Assert.Contains("task \"clean\"", e.Message);
        Assert.Contains("tiny-2stem", e.Message);
        Assert.Contains("another models directory", e.Message);
    }

    [Fact]
    public void Empty_models_directory_says_it_holds_no_models()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<ModelLoadException>(() =>
            ModelSelector.Select(ModelCatalog.FromDirectory(temp.Path), OfflineTask.Separate, StemSelection.VocalsAndInstrumental));

        Assert.Contains("it holds no models", e.Message);
        Assert.Contains(temp.Path, e.Message);
    }
}
