using System.Text.Json;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

/// <summary>
/// `locoformer eval SET` on copies of the agreement fixture (tests/fixtures/eval) changed one way each: sets without
/// estimates, silent references, and every kind of malformed set, which must exit 2 naming the file and the problem.
/// </summary>
public sealed class EvalSetTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "fixtures", "eval");

    private static JsonElement Python()
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture, "expected.json")));
        return expected.RootElement.Clone();
    }

    [Fact]
    public void A_set_without_estimates_scores_only_the_floor_and_the_ceiling()
    {
        string set = CopyFixture();
        Directory.Delete(Path.Combine(set, "tones", "estimate"), recursive: true);
        Directory.Delete(Path.Combine(set, "gap", "estimate"), recursive: true);

        JsonElement report = ScoreJson(set, out string stderr);

        Assert.Equal(["mixture", "irm"], report.GetProperty("systems").EnumerateObject().Select(p => p.Name));
        Assert.False(report.TryGetProperty("gapClosed", out _));
        Assert.DoesNotContain("warning", stderr);
        JsonElement python = Python().GetProperty("systems");
        foreach (string system in new[] { "mixture", "irm" })
        {
            foreach (string stem in new[] { "vocals", "instrumental" })
            {
                Assert.Equal(python.GetProperty(system).GetProperty("summary").GetProperty(stem).GetProperty("usdr").GetDouble(),
                    report.GetProperty("systems").GetProperty(system).GetProperty("summary").GetProperty(stem).GetProperty("usdr").GetDouble(), 1e-3);
            }
        }

        (int exit, RecordingConsole console) = Cli.Run("eval", set);
        Assert.Equal(0, exit);
        Assert.Contains("| vocals | – | – | – | ", console.Stdout);
        Assert.Contains("No estimate files", console.Stdout);
    }

    [Fact]
    public void Estimates_missing_for_one_track_leave_the_estimate_system_out_and_warn_naming_the_file()
    {
        string set = CopyFixture();
        string missing = Path.Combine(set, "gap", "estimate", "vocals.wav");
        File.Delete(missing);

        JsonElement report = ScoreJson(set, out string stderr);

        Assert.False(report.GetProperty("systems").TryGetProperty("estimate", out _));
        Assert.False(report.TryGetProperty("gapClosed", out _));
        Assert.Contains("warning: estimates not scored", stderr);
        Assert.Contains(missing, stderr);
    }

    [Fact]
    public void A_silent_reference_stem_is_null_in_that_track_and_left_out_of_the_summary()
    {
        string set = CopyFixture();
        AudioBuffer vocals = AudioFile.Read(Path.Combine(set, "tones", "reference", "vocals.wav"));
        AudioFile.WriteWav(Path.Combine(set, "tones", "reference", "vocals.wav"),
            new AudioBuffer(vocals.Channels, vocals.Length, vocals.SampleRate), WavSampleFormat.Float32);

        JsonElement systems = ScoreJson(set, out _).GetProperty("systems");

        JsonElement python = Python().GetProperty("systems");
        foreach (string system in new[] { "estimate", "mixture", "irm" })
        {
            Assert.Equal(JsonValueKind.Null, systems.GetProperty(system).GetProperty("tracks").GetProperty("tones").GetProperty("vocals").ValueKind);
            JsonElement summary = systems.GetProperty(system).GetProperty("summary").GetProperty("vocals");
            Assert.Equal(1, summary.GetProperty("tracks").GetInt32());
            // Only the untouched track counts, so the summary is that track's score.
            double gapTrack = python.GetProperty(system).GetProperty("tracks").GetProperty("gap").GetProperty("vocals").GetProperty("usdr").GetDouble();
            Assert.Equal(gapTrack, summary.GetProperty("usdr").GetDouble(), 1e-3);
            Assert.Equal(2, systems.GetProperty(system).GetProperty("summary").GetProperty("instrumental").GetProperty("tracks").GetInt32());
        }
    }

    [Fact]
    public void A_folder_without_set_json_exits_2_and_names_both_forms_of_eval()
    {
        string folder = _temp.Sub("not-a-set");

        (int exit, RecordingConsole console) = Cli.Run("eval", folder, "--json");

        Assert.Equal(ExitCodes.BadInput, exit);
        JsonElement error = Cli.Json(console.Stdout);
        Assert.Equal(ExitCodes.BadInput, error.GetProperty("exitCode").GetInt32());
        Assert.Contains("has no set.json", error.GetProperty("error").GetString());
        Assert.Contains("eval ESTIMATES REFERENCES", error.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("sources", null, "needs \"sources\" as an array of names")]
    [InlineData("sampleRate", null, "needs \"sampleRate\" as an integer")]
    [InlineData("format", "2", "has format 2; supported: 1")]
    [InlineData("tracks", "[]", "empty \"tracks\"")]
    [InlineData("tracks", "[\"../tones\"]", "no path separators")]
    [InlineData("stems", "[\"drums\"]", "stem 'drums' that is not among the sources")]
    public void A_set_json_with_a_missing_or_wrong_field_exits_2_naming_the_file_and_the_field(string field, string? value, string problem)
    {
        string set = CopyFixture();
        string path = Path.Combine(set, "set.json");
        JsonObject meta = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        meta.Remove(field);
        if (value is not null)
        {
            meta[field] = JsonNode.Parse(value);
        }

        File.WriteAllText(path, meta.ToJsonString());

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"'{path}'", console.Stderr);
        Assert.Contains(problem, console.Stderr);
    }

    [Fact]
    public void A_missing_reference_exits_2_naming_the_file_the_source_and_the_track()
    {
        string set = CopyFixture();
        string reference = Path.Combine(set, "gap", "reference", "instrumental.wav");
        File.Delete(reference);

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"'{reference}': does not exist; set.json implies it as source 'instrumental' of track 'gap'", console.Stderr);
    }

    [Fact]
    public void A_reference_at_another_sample_rate_exits_2_naming_the_file_and_both_rates()
    {
        string set = CopyFixture();
        string reference = Path.Combine(set, "tones", "reference", "vocals.wav");
        AudioBuffer audio = AudioFile.Read(reference);
        AudioFile.WriteWav(reference, new AudioBuffer(audio.Samples, 48_000), WavSampleFormat.Float32);

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"'{reference}': is 48000 Hz; the set is 44100 Hz", console.Stderr);
    }

    [Fact]
    public void An_estimate_shorter_than_the_mix_exits_2_naming_the_file_and_both_lengths()
    {
        string set = CopyFixture();
        string estimate = Path.Combine(set, "gap", "estimate", "instrumental.wav");
        AudioBuffer audio = AudioFile.Read(estimate);
        AudioFile.WriteWav(estimate, new AudioBuffer([.. audio.Samples.Select(c => c[..^100])], audio.SampleRate), WavSampleFormat.Float32);

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"'{estimate}': has 2 channel(s) of {audio.Length - 100} samples, but the track's mix.wav has 2 of {audio.Length}", console.Stderr);
    }

    [Fact]
    public void A_mono_reference_in_a_stereo_track_exits_2_naming_the_file()
    {
        string set = CopyFixture();
        string reference = Path.Combine(set, "tones", "reference", "instrumental.wav");
        AudioBuffer audio = AudioFile.Read(reference);
        AudioFile.WriteWav(reference, new AudioBuffer([audio.Samples[0]], audio.SampleRate), WavSampleFormat.Float32);

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"'{reference}': has 1 channel(s)", console.Stderr);
    }

    [Fact]
    public void A_reference_that_is_not_audio_exits_2_naming_the_file()
    {
        string set = CopyFixture();
        string reference = Path.Combine(set, "gap", "reference", "vocals.wav");
        File.WriteAllText(reference, "not audio");

        (int exit, RecordingConsole console) = Cli.Run("eval", set);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(reference, console.Stderr);
    }

    private string CopyFixture()
    {
        string target = _temp.Sub("set");
        foreach (string file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static JsonElement ScoreJson(string set, out string stderr)
    {
        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--json");
        stderr = console.Stderr;
        Assert.True(exit == 0, console.Stderr);
        return Cli.Json(console.Stdout);
    }
}
