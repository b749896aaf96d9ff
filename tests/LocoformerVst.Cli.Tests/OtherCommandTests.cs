using System.Text.Json;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

public sealed class OtherCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Help_documents_the_exit_codes()
    {
        (int exit, RecordingConsole console) = Cli.Run("separate", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Exit codes: 0 ok; 1 usage error; 2 bad input", console.Stdout);
        Assert.Contains("130 cancelled", console.Stdout);
        Assert.Contains("--max-seconds", console.Stdout);
    }

    [Fact]
    public void Devices_lists_the_cpu_and_a_real_time_verdict_for_each_model()
    {
        string models = _temp.Sub("models");
        foreach (string ext in (string[])[".onnx", ".json"])
        {
            File.Copy(Path.Combine(Cli.FixtureModels, "identity-2stem" + ext), Path.Combine(models, "identity-2stem" + ext));
        }

        (int exit, RecordingConsole console) = Cli.Run("devices", "--model-dir", models, "--json", "--threads", "1");

        Assert.True(exit == 0, console.Stderr);
        JsonElement json = Cli.Json(console.Stdout);
        JsonElement cpu = json.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "Cpu");
        Assert.True(cpu.GetProperty("available").GetBoolean());
        Assert.True(json.GetProperty("device").GetProperty("measuredGflops").GetDouble() > 0);
        Assert.NotEqual("Unknown", json.GetProperty("device").GetProperty("tier").GetString());
        JsonElement model = json.GetProperty("models").EnumerateArray().Single();
        Assert.Equal("identity-2stem", model.GetProperty("model").GetString());
        // The identity graph is a copy: it keeps up in the lowest latency mode on any machine.
        Assert.True(model.GetProperty("realtime").GetBoolean());
        Assert.Equal("Low", model.GetProperty("latencyMode").GetString());
        Assert.InRange(model.GetProperty("realTimeFactor").GetDouble(), 0, 0.7);
    }

    [Fact]
    public void Eval_scores_estimates_against_references_by_stem_name()
    {
        string refs = _temp.Sub("refs"), ests = _temp.Sub("ests");
        const int rate = 44_100;
        var rng = new Random(7);
        double signalEnergy = 0, noiseEnergy = 0;
        var reference = new AudioBuffer(2, 3 * rate, rate);
        var estimate = new AudioBuffer(2, 3 * rate, rate);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < reference.Length; i++)
            {
                float s = (float)(0.5 * Math.Sin(2 * Math.PI * 220 * i / rate + c));
                float n = (float)(0.01 * (rng.NextDouble() * 2 - 1));
                reference.Samples[c][i] = s;
                estimate.Samples[c][i] = s + n;
                signalEnergy += (double)s * s;
                noiseEnergy += (double)(estimate.Samples[c][i] - s) * (estimate.Samples[c][i] - s);
            }
        }

        AudioFile.WriteWav(Path.Combine(refs, "vocals.wav"), reference, WavSampleFormat.Float32);
        AudioFile.WriteWav(Path.Combine(ests, "song.vocals.wav"), estimate, WavSampleFormat.Float32);

        (int exit, RecordingConsole console) = Cli.Run("eval", ests, refs, "--json");

        Assert.True(exit == 0, console.Stderr);
        JsonElement stem = Cli.Json(console.Stdout).GetProperty("stems")[0];
        Assert.Equal("vocals", stem.GetProperty("stem").GetString());
        Assert.EndsWith("song.vocals.wav", stem.GetProperty("estimate").GetString());
        Assert.Equal(10 * Math.Log10(signalEnergy / noiseEnergy), stem.GetProperty("usdr").GetDouble(), 0.01);
        Assert.Equal(3, stem.GetProperty("scoredWindows").GetInt32());
        Assert.InRange(stem.GetProperty("framewiseSdrMedian").GetDouble(), stem.GetProperty("usdr").GetDouble() - 0.5, stem.GetProperty("usdr").GetDouble() + 0.5);
    }

    [Fact]
    public void Eval_without_a_matching_estimate_exits_2()
    {
        string refs = _temp.Sub("refs"), ests = _temp.Sub("ests");
        Cli.WriteMix(Path.Combine(refs, "drums.wav"), 44_100, 1);

        (int exit, RecordingConsole console) = Cli.Run("eval", ests, refs);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no estimate named 'drums", console.Stdout);
    }

    [Fact]
    public void Demo_writes_an_example_mix_and_its_stems()
    {
        string outDir = _temp.File("demo");

        (int exit, RecordingConsole console) = Cli.Run("demo", "-o", outDir, "--seconds", "2",
            "--model-dir", Cli.FixtureModels, "--model", "identity-2stem", "--threads", "1");

        Assert.True(exit == 0, console.Stderr);
        Assert.Equal(["demo-mix.instrumental.wav", "demo-mix.vocals.wav", "demo-mix.wav"], Cli.Listing(outDir));
        AudioBuffer mix = AudioFile.Read(Path.Combine(outDir, "demo-mix.wav"));
        Assert.Equal((2, 2 * 44_100), (mix.Channels, mix.Length));
        Assert.InRange(mix.Samples.Max(c => c.Max(Math.Abs)), 0.1f, 1f);
        Assert.True(new FileInfo(Path.Combine(outDir, "demo-mix.wav")).Length < 500_000);
    }

    [Fact]
    public void Demo_without_models_exits_3_and_writes_nothing()
    {
        string outDir = _temp.File("demo");

        (int exit, RecordingConsole console) = Cli.Run("demo", "-o", outDir, "--model-dir", _temp.Sub("empty"));

        Assert.Equal(ExitCodes.ModelProblem, exit);
        Assert.Contains("--model-dir", console.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Bench_reports_real_time_factor_and_peak_memory_per_song_length()
    {
        (int exit, RecordingConsole console) = Cli.Run("bench", "--seconds", "2,4", "--json", "--threads", "1",
            "--model", Path.Combine(Cli.FixtureModels, "identity-2stem.onnx"));

        Assert.True(exit == 0, console.Stderr);
        JsonElement json = Cli.Json(console.Stdout);
        JsonElement[] runs = [.. json.GetProperty("runs").EnumerateArray()];
        Assert.Equal([2.0, 4.0], runs.Select(r => r.GetProperty("seconds").GetDouble()));
        Assert.All(runs, r =>
        {
            Assert.True(r.GetProperty("realTimeFactor").GetDouble() > 0);
            Assert.Equal(r.GetProperty("elapsedSeconds").GetDouble() / r.GetProperty("seconds").GetDouble(),
                r.GetProperty("realTimeFactor").GetDouble(), 0.05);
            Assert.InRange(r.GetProperty("peakMemoryMB").GetDouble(), 10, 4096);
        });
        Assert.NotNull(json.GetProperty("loadAverageBefore").GetString());
    }
}
