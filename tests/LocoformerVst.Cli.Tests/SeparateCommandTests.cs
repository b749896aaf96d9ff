using System.Text.Json;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

public sealed class SeparateCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private string[] Args(params string[] extra) =>
        [.. extra, "--model-dir", Cli.FixtureModels, "--model", "identity-2stem", "--threads", "1"];

    [Fact]
    public void Separate_writes_stems_that_sum_to_the_mix()
    {
        string mix = Cli.WriteMix(_temp.File("song.wav"), 44_100, 3);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", mix, "-o", outDir, "--format", "f32"));

        Assert.True(exit == 0, console.Stderr);
        AudioBuffer input = AudioFile.Read(mix);
        AudioBuffer vocals = AudioFile.Read(Path.Combine(outDir, "song.vocals.wav"));
        AudioBuffer instrumental = AudioFile.Read(Path.Combine(outDir, "song.instrumental.wav"));
        var sum = new AudioBuffer(2, vocals.Length, vocals.SampleRate);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum.Samples[c][i] = vocals.Samples[c][i] + instrumental.Samples[c][i];
            }
        }

        Assert.True(Cli.MaxDifference(input, sum) < 1e-4);
        Assert.True(Cli.MaxDifference(input, vocals) < 1e-4, "identity model: vocals = mix");
        Assert.Contains("song.vocals.wav", console.Stdout);
        Assert.Contains("song.wav: 100%", console.Stderr);
    }

    [Fact]
    public void Input_at_48kHz_comes_back_at_48kHz_with_the_same_length()
    {
        string mix = Cli.WriteMix(_temp.File("high.wav"), 48_000, 2);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", mix, "-o", outDir));

        Assert.True(exit == 0, console.Stderr);
        using var reader = AudioStreamReader.Open(Path.Combine(outDir, "high.vocals.wav"));
        Assert.Equal(48_000, reader.SampleRate);
        Assert.Equal(2 * 48_000, reader.LengthFrames);
    }

    [Fact]
    public void Json_output_parses_and_describes_every_written_stem()
    {
        string mix = Cli.WriteMix(_temp.File("j.wav"), 44_100, 1);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", mix, "-o", outDir, "--json"));

        Assert.Equal(0, exit);
        JsonElement json = Cli.Json(console.Stdout);
        Assert.Equal("separate", json.GetProperty("command").GetString());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("identity-2stem", json.GetProperty("model").GetString());
        JsonElement file = json.GetProperty("files")[0];
        Assert.Equal("ok", file.GetProperty("status").GetString());
        Assert.Equal(44_100, file.GetProperty("audio").GetProperty("frames").GetInt64());
        string[] paths = [.. file.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("path").GetString()!)];
        Assert.Equal([Path.Combine(outDir, "j.vocals.wav"), Path.Combine(outDir, "j.instrumental.wav")], paths);
        Assert.All(paths, p => Assert.True(File.Exists(p)));
        // The silent instrumental has no finite dB level: JSON null, not a string or an invalid token.
        Assert.Equal(JsonValueKind.Null, file.GetProperty("outputs")[1].GetProperty("stats").GetProperty("peakDbfs").ValueKind);
    }

    [Fact]
    public void Directory_input_processes_each_audio_file_by_content_and_skips_the_rest_with_a_warning()
    {
        string inDir = _temp.Sub("in");
        Cli.WriteMix(Path.Combine(inDir, "a.wav"), 44_100, 1);
        Cli.WriteMix(Path.Combine(inDir, "b-without-extension"), 22_050, 1, channels: 1);
        File.WriteAllText(Path.Combine(inDir, "notes.txt"), "not audio");
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", inDir, "-o", outDir, "--json"));

        Assert.True(exit == 0, console.Stderr);
        Assert.Equal(
            ["a.instrumental.wav", "a.vocals.wav", "b-without-extension.instrumental.wav", "b-without-extension.vocals.wav"],
            Cli.Listing(outDir));
        Assert.Contains("warning: skipping", console.Stderr);
        Assert.Contains("notes.txt", console.Stderr);
        JsonElement json = Cli.Json(console.Stdout);
        Assert.Equal(2, json.GetProperty("files").GetArrayLength());
        Assert.EndsWith("notes.txt", json.GetProperty("skipped")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void Plot_writes_a_png_spectrogram_of_the_input_and_each_stem()
    {
        string mix = Cli.WriteMix(_temp.File("p.wav"), 44_100, 2);
        string outDir = _temp.File("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", mix, "-o", outDir, "--plot"));

        Assert.True(exit == 0, console.Stderr);
        foreach (string name in (string[])["input", "vocals", "instrumental"])
        {
            byte[] png = File.ReadAllBytes(Path.Combine(outDir, $"p.{name}.png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
            int width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16));
            int height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.InRange(width, 16, 1024);
            Assert.Equal(256, height);
            Assert.True(png.Length > 100, $"{name}: {png.Length} bytes");
        }
    }

    [Fact]
    public void Five_stems_from_a_two_stem_model_is_a_model_problem_and_writes_nothing()
    {
        string mix = Cli.WriteMix(_temp.File("s.wav"), 44_100, 1);
        string outDir = _temp.Sub("out");

        (int exit, RecordingConsole console) = Cli.Run(Args("separate", mix, "-o", outDir, "--stems", "5"));

        Assert.Equal(ExitCodes.ModelProblem, exit);
        Assert.Contains("5 stems need a model with vocals, drums, bass, instruments, fx", console.Stderr);
        Assert.Empty(Cli.Listing(outDir));
    }

    [Fact]
    public void On_a_terminal_progress_is_drawn_as_bars_on_stdout_instead_of_lines_on_stderr()
    {
        string mix = Cli.WriteMix(_temp.File("tty.wav"), 44_100, 2);
        string outDir = _temp.File("out");
        var console = new RecordingConsole(terminal: true);

        (int exit, _) = Cli.Run(console, CancellationToken.None, Args("separate", mix, "-o", outDir));

        Assert.True(exit == 0, console.Stderr);
        Assert.DoesNotContain("tty.wav: ", console.Stderr);
        Assert.Contains("tty.wav", console.Stdout);
        Assert.Contains("100%", console.Stdout);
        Assert.Equal(["tty.instrumental.wav", "tty.vocals.wav"], Cli.Listing(outDir));
    }

    [Fact]
    public void Cancelling_mid_file_exits_130_and_leaves_the_output_folder_empty()
    {
        string mix = Cli.WriteMix(_temp.File("c.wav"), 44_100, 20);
        string outDir = _temp.Sub("out");
        using var cts = new CancellationTokenSource();
        var console = new RecordingConsole((_, p) =>
        {
            if (p >= 0.3)
            {
                cts.Cancel();
            }
        });

        (int exit, _) = Cli.Run(console, cts.Token, Args("separate", mix, "-o", outDir, "--plot", "--json"));

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Empty(Cli.Listing(outDir));
        JsonElement json = Cli.Json(console.Stdout);
        Assert.Equal(130, json.GetProperty("exitCode").GetInt32());
        Assert.Equal("cancelled", json.GetProperty("files")[0].GetProperty("status").GetString());
    }
}
