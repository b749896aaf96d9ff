using LocoformerVst.Inference.Models;

namespace LocoformerVst.Plugin.Tests;

public sealed class StemRoutingTests
{
    private static readonly string Fixtures = Path.Combine(ModelChooserTests.FindRepoRoot(), "tests", "fixtures", "models");
    private static ModelManifest TwoStem => ModelEntry.Load(Path.Combine(Fixtures, "tiny-2stem.json")).Manifest;
    private static ModelManifest FiveStem => ModelEntry.Load(Path.Combine(Fixtures, "lite-5stem-random.json")).Manifest;

    [Theory]
    [InlineData(StemChoice.Vocals, new float[] { 1, 0 })]
    [InlineData(StemChoice.Drums, new float[] { 0, 1 })] // a 2-stem model's drums live in its instrumental
    [InlineData(StemChoice.Instrumental, new float[] { 0, 1 })]
    public void Two_stem_separate_mode_plays_the_stem_or_the_stem_containing_it(StemChoice stem, float[] gains) =>
        Assert.Equal(gains, new StemRouting(TwoStem).MainMix(PluginMode.Separate, stem).Gains.ToArray());

    [Fact]
    public void Five_stem_instrumental_is_everything_but_the_vocals_and_enhance_raises_the_selection_by_four_dB()
    {
        var routing = new StemRouting(FiveStem);
        Assert.Equal([0f, 1, 1, 1, 1], routing.MainMix(PluginMode.Separate, StemChoice.Instrumental).Gains.ToArray());
        float boost = (float)Math.Pow(10, 0.2);
        Assert.Equal([1f, 1, boost, 1, 1], routing.MainMix(PluginMode.Enhance, StemChoice.Bass).Gains.ToArray());
        Assert.Equal([1f, 0, 0, 0, 0], routing.MainMix(PluginMode.Clean, StemChoice.Drums).Gains.ToArray());
    }

    [Fact]
    public void Aux_buses_receive_stems_by_name_and_a_two_stem_accompaniment_goes_to_instruments()
    {
        Assert.Equal([0, 1, 2, 3, 4], new StemRouting(FiveStem).AuxBusOfStem);
        Assert.Equal([0, 3], new StemRouting(TwoStem).AuxBusOfStem);
    }
}
