using LocoformerVst.Inference.Models;

namespace LocoformerVst.Plugin.Tests;

/// <summary>Model choice over real catalogs built from the ONNX fixtures.</summary>
public sealed class ModelChooserTests
{
    private static readonly string Fixtures = Path.Combine(FindRepoRoot(), "tests", "fixtures", "models");

    [Fact]
    public void Without_the_product_models_the_closest_test_models_stand_in()
    {
        ModelCatalog catalog = ModelCatalog.FromDirectory(Fixtures); // identity-2stem, lite-5stem-random, tiny-2stem
        Assert.Equal(("tiny-2stem", true), Pick(catalog, PluginMode.Separate, ModelChoice.TwoStem));
        Assert.Equal(("lite-5stem-random", true), Pick(catalog, PluginMode.Separate, ModelChoice.FiveStem));
        Assert.Equal(("tiny-2stem", true), Pick(catalog, PluginMode.Clean, ModelChoice.FiveStem)); // no clean model
        Assert.Equal("lite-2stem", ModelChooser.Choose(catalog, PluginMode.Enhance, ModelChoice.TwoStem, "")!.WantedName);
    }

    [Fact]
    public void A_model_with_the_product_name_is_used_as_is_and_a_pinned_model_wins()
    {
        string dir = Directory.CreateTempSubdirectory("catalog-").FullName;
        foreach (string name in new[] { "identity-2stem", "tiny-2stem" })
        {
            File.Copy(Path.Combine(Fixtures, name + ".onnx"), Path.Combine(dir, name + ".onnx"));
            File.Copy(Path.Combine(Fixtures, name + ".json"), Path.Combine(dir, name + ".json"));
        }
        File.Copy(Path.Combine(Fixtures, "tiny-2stem.onnx"), Path.Combine(dir, "lite-2stem.onnx"));
        File.WriteAllText(Path.Combine(dir, "lite-2stem.json"),
            File.ReadAllText(Path.Combine(Fixtures, "tiny-2stem.json")).Replace("\"tiny-2stem\"", "\"lite-2stem\""));
        ModelCatalog catalog = ModelCatalog.FromDirectory(dir);

        Assert.Equal(("lite-2stem", false), Pick(catalog, PluginMode.Separate, ModelChoice.TwoStem));
        var pinned = ModelChooser.Choose(catalog, PluginMode.Separate, ModelChoice.TwoStem, "identity-2stem")!;
        Assert.Equal(("identity-2stem", false), (pinned.Model.Name, pinned.IsStandIn));
        Assert.Equal("lite-2stem", ModelChooser.Choose(catalog, PluginMode.Separate, ModelChoice.TwoStem, "absent")!.Model.Name);
    }

    [Fact]
    public void An_empty_catalog_yields_no_model()
    {
        ModelCatalog empty = ModelCatalog.FromDirectory(Directory.CreateTempSubdirectory("empty-").FullName);
        Assert.Null(ModelChooser.Choose(empty, PluginMode.Separate, ModelChoice.TwoStem, ""));
    }

    private static (string, bool) Pick(ModelCatalog catalog, PluginMode mode, ModelChoice model)
    {
        ModelChoiceResult result = ModelChooser.Choose(catalog, mode, model, "")!;
        return (result.Model.Name, result.IsStandIn);
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LocoformerVst.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No LocoformerVst.sln above {AppContext.BaseDirectory}.");
    }
}
