using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

/// <summary>
/// `locoformer eval SET --separate` on copies of the agreement fixture (tests/fixtures/eval), run through the real
/// offline engine and ONNX Runtime with the identity model (stem 0 = the mix, stem 1 = silence), so the written
/// estimates and their scores are known without trusting the code under test: vocals = mix, instrumental = zeros.
/// </summary>
public sealed class EvalSeparateTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "fixtures", "eval");

    private static string Identity => Path.Combine(Cli.FixtureModels, "identity-2stem.onnx");

    private static readonly string[] Tracks = ["tones", "gap"];

    [Fact]
    public void The_fixture_and_the_identity_model_name_the_same_two_stems()
    {
        // The premise of the tests below: the set scores exactly the stems the identity model outputs.
        Assert.Equal(["vocals", "instrumental"], Names(Path.Combine(Fixture, "set.json"), "stems"));
        Assert.Equal(["vocals", "instrumental"], Names(Path.Combine(Cli.FixtureModels, "identity-2stem.json"), "stems"));
        Assert.Equal(Tracks, Names(Path.Combine(Fixture, "set.json"), "tracks"));
    }

    [Fact]
    public void Separate_with_the_identity_model_writes_the_mix_as_vocals_and_silence_as_instrumental_then_scores_them()
    {
        Dictionary<string, string> before = Snapshot(Fixture);
        string set = CopyFixture(withEstimates: false);

        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--separate", "--model", Identity, "--threads", "1", "--json");

        Assert.True(exit == 0, console.Stderr);
        foreach (string track in Tracks)
        {
            string folder = Path.Combine(set, track, "estimate");
            Assert.Equal(["instrumental.wav", "vocals.wav"], Cli.Listing(folder)); // no temp file or unscored stem left
            AudioBuffer mix = AudioFile.Read(Path.Combine(set, track, "mix.wav"));
            AudioBuffer vocals = AudioFile.Read(Path.Combine(folder, "vocals.wav"));
            AudioBuffer instrumental = AudioFile.Read(Path.Combine(folder, "instrumental.wav"));
            Assert.Equal((44_100, 2, mix.Length), (vocals.SampleRate, vocals.Channels, vocals.Length));
            Assert.True(Cli.MaxDifference(mix, vocals) <= 1e-4, $"{track}: vocals differ from the mix by {Cli.MaxDifference(mix, vocals)}");
            Assert.True(Cli.MaxDifference(new AudioBuffer(2, mix.Length, 44_100), instrumental) <= 1e-6, $"{track}: instrumental is not silent");
            Assert.Equal((3, 32), WavFormat(Path.Combine(folder, "vocals.wav"))); // IEEE float, 32 bits
            Assert.Equal((3, 32), WavFormat(Path.Combine(folder, "instrumental.wav")));
        }

        JsonElement systems = Cli.Json(console.Stdout).GetProperty("systems"); // stdout holds the report and nothing else
        Assert.Equal(["estimate", "mixture", "irm"], systems.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Usdr(systems, "mixture", "vocals"), Usdr(systems, "estimate", "vocals"), 1e-3);
        foreach (string track in Tracks)
        {
            Assert.Equal(TrackUsdr(systems, "mixture", track, "vocals"), TrackUsdr(systems, "estimate", track, "vocals"), 1e-3);
            // An all-zero estimate leaves the whole reference as the error: uSDR is exactly 0 dB.
            Assert.Equal(0, TrackUsdr(systems, "estimate", track, "instrumental"), 1e-9);
        }

        Assert.Contains("tones (1/2)", console.Stderr);
        Assert.Contains("gap (2/2)", console.Stderr);
        Assert.Equal(before, Snapshot(Fixture));
    }

    [Fact]
    public void Separate_replaces_existing_estimates()
    {
        string set = CopyFixture(withEstimates: true);
        string vocals = Path.Combine(set, "tones", "estimate", "vocals.wav");
        AudioBuffer mix = AudioFile.Read(Path.Combine(set, "tones", "mix.wav"));
        Assert.True(Cli.MaxDifference(mix, AudioFile.Read(vocals)) > 1e-2, "the fixture's estimate should differ from the mix");

        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--separate", "--model", Identity, "--threads", "1");

        Assert.True(exit == 0, console.Stderr);
        Assert.True(Cli.MaxDifference(mix, AudioFile.Read(vocals)) <= 1e-4);
        Assert.Contains("| vocals |", console.Stdout);
    }

    [Fact]
    public void A_model_lacking_a_scored_stem_is_refused_with_exit_2_naming_the_stem_and_the_models_stems()
    {
        string set = CopyFixture(withEstimates: false);
        string fiveStem = Path.Combine(Cli.FixtureModels, "lite-5stem-random.onnx");

        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--separate", "--model", fiveStem, "--json");

        Assert.Equal(ExitCodes.BadInput, exit);
        string error = Cli.Json(console.Stdout).GetProperty("error").GetString()!;
        Assert.Contains("stem(s) instrumental that model 'lite-5stem-random'", error);
        Assert.Contains("its stems are vocals, drums, bass, instruments, fx", error);
        Assert.All(Tracks, t => Assert.False(Directory.Exists(Path.Combine(set, t, "estimate")), "nothing is written"));
    }

    [Fact]
    public void A_speech_set_is_separated_by_the_default_cleaning_model_whose_clean_stem_becomes_speech()
    {
        string set = SpeechSet();
        string models = _temp.Sub("models");
        CleaningModel(models, "identity-clean", ["clean", "noise"]);

        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--separate", "--model-dir", models, "--threads", "1", "--json");

        Assert.True(exit == 0, console.Stderr);
        Assert.Contains("with identity-clean", console.Stderr);
        Assert.Contains("speech is its stem 'clean'", console.Stderr);
        Assert.Equal(["speech.wav"], Cli.Listing(Path.Combine(set, "tones", "estimate")));
        AudioBuffer mix = AudioFile.Read(Path.Combine(set, "tones", "mix.wav"));
        Assert.True(Cli.MaxDifference(mix, AudioFile.Read(Path.Combine(set, "tones", "estimate", "speech.wav"))) <= 1e-4);
        JsonElement systems = Cli.Json(console.Stdout).GetProperty("systems");
        Assert.Equal(Usdr(systems, "mixture", "speech"), Usdr(systems, "estimate", "speech"), 1e-3);
    }

    [Fact]
    public void A_speech_set_is_refused_by_a_separation_model_naming_speech()
    {
        string set = SpeechSet();

        (int exit, RecordingConsole console) = Cli.Run("eval", set, "--separate", "--model", Identity);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("stem(s) speech that model 'identity-2stem'", console.Stderr);
        Assert.Contains("its stems are vocals, instrumental", console.Stderr);
    }

    [Fact]
    public void Model_options_without_separate_and_separate_with_two_paths_are_usage_errors()
    {
        string set = CopyFixture(withEstimates: true);

        (int modelOnly, RecordingConsole c1) = Cli.Run("eval", set, "--model", Identity);
        string estimates = Path.Combine(set, "tones", "estimate"), references = Path.Combine(set, "tones", "reference");
        (int twoPaths, RecordingConsole c2) = Cli.Run("eval", estimates, references, "--separate");

        Assert.Equal(ExitCodes.Usage, modelOnly);
        Assert.Contains("--model chooses the model of --separate", c1.Stderr);
        Assert.Equal(ExitCodes.Usage, twoPaths);
        Assert.Contains("--separate applies to an evaluation set only", c2.Stderr);
    }

    private string CopyFixture(bool withEstimates)
    {
        string target = _temp.Sub("set");
        foreach (string file in Directory.EnumerateFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Fixture, file);
            if (!withEstimates && relative.Split(Path.DirectorySeparatorChar).Contains("estimate"))
            {
                continue;
            }

            string copy = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    /// <summary>EVAL.md's speech layout from the fixture's "tones" track: vocals as the speech, instrumental as the noise.</summary>
    private string SpeechSet()
    {
        string set = _temp.Sub("speech-set");
        string track = Path.Combine(set, "tones");
        Directory.CreateDirectory(Path.Combine(track, "reference"));
        File.Copy(Path.Combine(Fixture, "tones", "mix.wav"), Path.Combine(track, "mix.wav"));
        File.Copy(Path.Combine(Fixture, "tones", "reference", "vocals.wav"), Path.Combine(track, "reference", "speech.wav"));
        File.Copy(Path.Combine(Fixture, "tones", "reference", "instrumental.wav"), Path.Combine(track, "reference", "noise.wav"));
        File.WriteAllText(Path.Combine(set, "set.json"),
            """{"format": 1, "sampleRate": 44100, "stems": ["speech"], "sources": ["speech", "noise"], "tracks": ["tones"]}""");
        return set;
    }

    /// <summary>The identity graph under a cleaning model's manifest (task "clean"), so stem 0 = the mix.</summary>
    private static void CleaningModel(string folder, string name, string[] stems)
    {
        JsonObject manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Cli.FixtureModels, "identity-2stem.json")))!.AsObject();
        manifest["name"] = name;
        manifest["task"] = "clean";
        manifest["stems"] = new JsonArray([.. stems.Select(s => (JsonNode)s)]);
        File.WriteAllText(Path.Combine(folder, name + ".json"), manifest.ToJsonString());
        File.Copy(Identity, Path.Combine(folder, name + ".onnx"));
    }

    private static string[] Names(string json, string field)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        return [.. doc.RootElement.GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];
    }

    private static double Usdr(JsonElement systems, string system, string stem) =>
        systems.GetProperty(system).GetProperty("summary").GetProperty(stem).GetProperty("usdr").GetDouble();

    private static double TrackUsdr(JsonElement systems, string system, string track, string stem) =>
        systems.GetProperty(system).GetProperty("tracks").GetProperty(track).GetProperty(stem).GetProperty("usdr").GetDouble();

    /// <summary>The format tag and bits per sample of a WAV file's 'fmt ' chunk.</summary>
    private static (int Tag, int Bits) WavFormat(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            if (bytes.AsSpan(at, 4).SequenceEqual("fmt "u8))
            {
                return (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 8)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 22)));
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"'{path}' has no 'fmt ' chunk");
    }

    /// <summary>Every file under <paramref name="folder"/> with its SHA-256, to show a run left it untouched.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
