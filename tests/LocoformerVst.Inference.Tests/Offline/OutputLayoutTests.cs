using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class OutputLayoutTests
{
    private static OfflineRequest Request(OfflineTask task, string model, StemSelection stems, EnhancePreset? preset = null) => new()
    {
        Task = task,
        InputPath = "in.wav",
        OutputDirectory = "out",
        Model = Fixtures.Model(model),
        Stems = stems,
        Preset = preset ?? EnhancePresets.Balanced,
    };

    [Fact]
    public void Vocal_up_on_a_five_stem_model_in_two_stem_mode_gives_every_non_vocal_stem_the_instrumental_gain()
    {
        OutputSpec remix = OutputLayout.For(Request(OfflineTask.Enhance, "lite-5stem-random", StemSelection.VocalsAndInstrumental, EnhancePresets.VocalUp)).Single();

        float up = (float)Math.Pow(10, 4 / 20.0), down = (float)Math.Pow(10, -2 / 20.0);
        Assert.Equal("enhanced", remix.Name);
        Assert.Equal([up, down, down, down, down], remix.StemGains, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Punchy_on_five_stems_uses_each_stem_s_own_gain()
    {
        OutputSpec remix = OutputLayout.For(Request(OfflineTask.Enhance, "lite-5stem-random", StemSelection.ModelStems, EnhancePresets.Punchy)).Single();

        // vocals, drums, bass, instruments, fx
        double[] db = [0.5, 3, 2, -1, -1.5];
        Assert.Equal(db.Select(d => (float)Math.Pow(10, d / 20)), remix.StemGains, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Five_stem_separation_names_the_files_after_the_stems_in_model_order()
    {
        IReadOnlyList<OutputSpec> outputs = OutputLayout.For(Request(OfflineTask.Separate, "lite-5stem-random", StemSelection.FiveStems));

        Assert.Equal(["vocals", "drums", "bass", "instruments", "fx"], outputs.Select(o => o.Name));
        for (int o = 0; o < 5; o++)
        {
            Assert.Equal(Enumerable.Range(0, 5).Select(s => s == o ? 1f : 0f), outputs[o].StemGains);
        }
    }

    [Fact]
    public void Enhance_with_five_stems_on_a_two_stem_model_is_a_model_problem()
    {
        Assert.Throws<ModelLoadException>(() => OutputLayout.For(Request(OfflineTask.Enhance, "identity-2stem", StemSelection.FiveStems)));
    }
}
