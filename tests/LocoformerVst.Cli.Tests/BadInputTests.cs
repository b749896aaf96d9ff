using System.Buffers.Binary;
using System.Text.Json;

namespace LocoformerVst.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private (int Exit, RecordingConsole Console, string OutDir) Separate(string input, params string[] extra)
    {
        string outDir = _temp.Sub("out");
        (int exit, RecordingConsole console) = Cli.Run(
            ["separate", input, "-o", outDir, "--model-dir", Cli.FixtureModels, "--model", "identity-2stem", "--threads", "1", .. extra]);
        return (exit, console, outDir);
    }

    [Fact]
    public void Text_file_renamed_wav_exits_2_naming_what_it_is_and_what_is_supported()
    {
        string input = _temp.File("fake.wav");
        File.WriteAllText(input, "Hello, I am a text file.\n");

        (int exit, RecordingConsole console, string outDir) = Separate(input);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("fake.wav", console.Stderr);
        Assert.Contains("is not a format we read", console.Stderr);
        Assert.Contains("supported: WAV", console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void Truncated_wav_exits_2_with_no_partial_outputs()
    {
        string whole = Cli.WriteMix(_temp.File("whole.wav"), 44_100, 2);
        byte[] bytes = File.ReadAllBytes(whole);
        string input = _temp.File("cut.wav");
        File.WriteAllBytes(input, bytes[..(bytes.Length * 2 / 3)]);

        (int exit, RecordingConsole console, string outDir) = Separate(input);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("truncated WAV", console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void A_law_wav_is_an_unsupported_encoding_and_exits_2()
    {
        string input = _temp.File("alaw.wav");
        File.WriteAllBytes(input, ALawWav(8_000));

        (int exit, RecordingConsole console, string outDir) = Separate(input, "--json");

        Assert.Equal(ExitCodes.BadInput, exit);
        JsonElement file = Cli.Json(console.Stdout).GetProperty("files")[0];
        Assert.Equal("error", file.GetProperty("status").GetString());
        Assert.Contains("unsupported WAV encoding", file.GetProperty("error").GetString());
        Assert.Contains("ALaw", file.GetProperty("error").GetString());
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void Input_longer_than_max_seconds_exits_2_before_writing_anything()
    {
        string input = Cli.WriteMix(_temp.File("long.wav"), 44_100, 3);

        (int exit, RecordingConsole console, string outDir) = Separate(input, "--max-seconds", "2.5");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("lasts 3.0 s, longer than the 2.5 s", console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void Missing_input_exits_2()
    {
        (int exit, RecordingConsole console, _) = Separate(_temp.File("missing.wav"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("missing.wav", console.Stderr);
    }

    [Fact]
    public void One_bad_file_in_a_directory_does_not_stop_the_good_ones_but_sets_the_exit_code()
    {
        string inDir = _temp.Sub("in");
        Cli.WriteMix(Path.Combine(inDir, "good.wav"), 44_100, 1);
        File.WriteAllBytes(Path.Combine(inDir, "bad.wav"), ALawWav(8_000));

        (int exit, RecordingConsole console, string outDir) = Separate(inDir);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(["good.instrumental.wav", "good.vocals.wav"], Cli.Listing(outDir));
        Assert.Contains("bad.wav", console.Stderr);
    }

    [Theory]
    [InlineData("--format", "mp3")]
    [InlineData("--stems", "3")]
    [InlineData("--no-such-option", "1")]
    [InlineData("--max-seconds", "-1")]
    public void Bad_options_are_usage_errors_with_exit_1(string option, string value)
    {
        string input = Cli.WriteMix(_temp.File("u.wav"), 44_100, 1);

        (int exit, RecordingConsole console, string outDir) = Separate(input, option, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.NotEmpty(console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void Empty_models_directory_exits_3_naming_the_directory_and_the_option()
    {
        string input = Cli.WriteMix(_temp.File("m.wav"), 44_100, 1);
        string models = _temp.Sub("no-models");
        string outDir = _temp.Sub("out");

        (int exit, RecordingConsole console) = Cli.Run("separate", input, "-o", outDir, "--model-dir", models);

        Assert.Equal(ExitCodes.ModelProblem, exit);
        Assert.Contains(models, console.Stderr);
        Assert.Contains("--model-dir", console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void Corrupt_model_file_exits_3_and_writes_nothing()
    {
        string models = _temp.Sub("models");
        string manifest = File.ReadAllText(Path.Combine(Cli.FixtureModels, "identity-2stem.json"))
            .Replace("\"identity-2stem\"", "\"broken\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(models, "broken.json"), manifest);
        File.WriteAllBytes(Path.Combine(models, "broken.onnx"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 131))]);
        string input = Cli.WriteMix(_temp.File("x.wav"), 44_100, 1);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run("separate", input, "-o", outDir, "--model-dir", models, "--model", "broken");

        Assert.Equal(ExitCodes.ModelProblem, exit);
        Assert.Contains("broken", console.Stderr);
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>A valid WAV whose samples are G.711 A-law (format tag 6), which the readers do not decode.</summary>
    private static byte[] ALawWav(int samples)
    {
        var wav = new byte[12 + 8 + 18 + 8 + samples];
        var s = wav.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], wav.Length - 8);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 18);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 6);      // WAVE_FORMAT_ALAW
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], 1);      // mono
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], 8_000);  // rate
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], 8_000);  // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], 1);      // block align
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], 8);      // bits per sample
        BinaryPrimitives.WriteInt16LittleEndian(s[36..], 0);      // no extra format bytes
        "data"u8.CopyTo(s[38..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[42..], samples);
        s[46..].Fill(0xD5); // A-law silence
        return wav;
    }
}
