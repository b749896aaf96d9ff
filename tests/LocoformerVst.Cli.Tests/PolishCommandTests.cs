using System.Text.Json;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

public sealed class PolishCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("balanced")]
    [InlineData("punchy")]
    public void Enhance_output_stays_under_the_limiter_ceiling_and_reports_quality_metrics(string preset)
    {
        string mix = Cli.WriteMix(_temp.File("hot.wav"), 44_100, 3, level: 1.0);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run("enhance", mix, "-o", outDir, "--preset", preset, "--json",
            "--model-dir", Cli.FixtureModels, "--model", "identity-2stem", "--threads", "1");

        Assert.True(exit == 0, console.Stderr);
        AudioBuffer enhanced = AudioFile.Read(Path.Combine(outDir, "hot.enhanced.wav"));
        float peak = enhanced.Samples.Max(c => c.Max(Math.Abs));
        Assert.True(peak <= 0.95f, $"peak {peak}");
        JsonElement file = Cli.Json(console.Stdout).GetProperty("files")[0];
        Assert.Equal(preset, file.GetProperty("preset").GetString());
        JsonElement quality = file.GetProperty("quality");
        Assert.Equal(peak, quality.GetProperty("output").GetProperty("peak").GetDouble(), 1e-6);
        double loudnessIn = quality.GetProperty("input").GetProperty("loudnessLufs").GetDouble();
        double loudnessOut = quality.GetProperty("output").GetProperty("loudnessLufs").GetDouble();
        Assert.Equal(loudnessOut - loudnessIn, quality.GetProperty("loudnessChangeDb").GetDouble(), 1e-9);
        Assert.Equal(JsonValueKind.Number, quality.GetProperty("estimatedSnrChangeDb").ValueKind);
        Assert.Equal(JsonValueKind.Number, quality.GetProperty("output").GetProperty("crestFactorDb").ValueKind);
    }

    [Fact]
    public void Clean_needs_a_cleaning_model_unless_one_is_named()
    {
        string mix = Cli.WriteMix(_temp.File("n.wav"), 44_100, 1, level: 0.3);
        string outDir = _temp.Sub("out");

        (int noModel, RecordingConsole first) = Cli.Run("clean", mix, "-o", outDir, "--model-dir", Cli.FixtureModels);
        Assert.Equal(ExitCodes.ModelProblem, noModel);
        Assert.Contains("cleaning model", first.Stderr);
        Assert.Empty(Cli.Listing(outDir));

        (int named, RecordingConsole second) = Cli.Run("clean", mix, "-o", outDir,
            "--model-dir", Cli.FixtureModels, "--model", "identity-2stem", "--format", "wav24");
        Assert.True(named == 0, second.Stderr);
        AudioBuffer cleaned = AudioFile.Read(Path.Combine(outDir, "n.clean.wav"));
        Assert.True(Cli.MaxDifference(AudioFile.Read(mix), cleaned) < 1e-4, "identity clean of a quiet mix: unchanged up to 24-bit rounding");
    }
}
