using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class OfflineEngineSeparationTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly OfflineEngine _engine = new(new OfflineEngineOptions { Inference = new InferenceSettings { IntraOpThreads = 1 } });

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Identity_model_gives_vocals_equal_to_the_mix_and_stems_that_sum_to_it()
    {
        string input = OfflineAudio.Write(_temp.File("song.wav"), 44_100, 2, 3 * 44_100 + 123);
        string outDir = _temp.Sub("out");

        OfflineResult result = _engine.Run(Request(OfflineTask.Separate, input, outDir) with { Stems = StemSelection.VocalsAndInstrumental });

        AudioBuffer mix = AudioFile.Read(input);
        AudioBuffer vocals = AudioFile.Read(Path.Combine(outDir, "song.vocals.wav"));
        AudioBuffer instrumental = AudioFile.Read(Path.Combine(outDir, "song.instrumental.wav"));
        Assert.Equal(mix.Length, vocals.Length);
        Assert.Equal(44_100, vocals.SampleRate);
        Assert.True(OfflineAudio.MaxDifference(mix, vocals) < 1e-4, "identity: vocals = mix");
        Assert.True(OfflineAudio.Peak(instrumental) < 1e-6, "identity: instrumental = 0");
        var sum = vocals.Clone();
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum.Samples[c][i] += instrumental.Samples[c][i];
            }
        }

        Assert.True(OfflineAudio.MaxDifference(mix, sum) < 1e-4);
        Assert.Equal(["song.instrumental.wav", "song.vocals.wav"], OfflineAudio.Listing(outDir));
        Assert.Equal(["vocals", "instrumental"], result.Outputs.Select(o => o.Name));
        Assert.Equal(mix.Length, result.Input.Frames);
        Assert.Equal(20 * Math.Log10(OfflineAudio.Peak(mix)), result.Quality.Input.PeakDbfs, 1e-3);
        Assert.Null(result.Quality.Output);
    }

    [Fact]
    public void Input_at_48kHz_comes_back_at_48kHz_with_the_same_length_and_content()
    {
        const int length = 2 * 48_000 + 77;
        string input = OfflineAudio.Write(_temp.File("high.wav"), 48_000, 2, length);
        string outDir = _temp.Sub("out");

        _engine.Run(Request(OfflineTask.Separate, input, outDir));

        AudioBuffer mix = AudioFile.Read(input);
        AudioBuffer vocals = AudioFile.Read(Path.Combine(outDir, "high.vocals.wav"));
        Assert.Equal(48_000, vocals.SampleRate);
        Assert.Equal(length, vocals.Length);
        // Band-limited content survives 48 -> 44.1 -> 48 kHz; the first and last milliseconds hold the resamplers' edge.
        Assert.True(OfflineAudio.MaxDifference(mix, vocals, 2_000, length - 2_000) < 2e-3);
    }

    [Fact]
    public void Mono_input_gives_mono_stems_of_the_same_length()
    {
        string input = OfflineAudio.Write(_temp.File("mono.wav"), 22_050, 1, 30_001);
        string outDir = _temp.Sub("out");

        _engine.Run(Request(OfflineTask.Separate, input, outDir));

        AudioBuffer vocals = AudioFile.Read(Path.Combine(outDir, "mono.vocals.wav"));
        Assert.Equal(1, vocals.Channels);
        Assert.Equal(30_001, vocals.Length);
        Assert.Equal(22_050, vocals.SampleRate);
        Assert.True(OfflineAudio.MaxDifference(AudioFile.Read(input), vocals, 1_000, 29_000) < 2e-3);
    }

    [Fact]
    public void Input_shorter_than_one_fft_frame_keeps_its_exact_length()
    {
        string input = OfflineAudio.Write(_temp.File("blip.wav"), 44_100, 2, 500);
        string outDir = _temp.Sub("out");

        _engine.Run(Request(OfflineTask.Separate, input, outDir));

        AudioBuffer vocals = AudioFile.Read(Path.Combine(outDir, "blip.vocals.wav"));
        Assert.Equal(500, vocals.Length);
        Assert.True(OfflineAudio.MaxDifference(AudioFile.Read(input), vocals) < 1e-4);
    }

    [Fact]
    public void Five_stem_model_asked_for_two_stems_gives_the_sum_of_the_non_vocal_stems_as_instrumental()
    {
        string input = OfflineAudio.Write(_temp.File("five.wav"), 44_100, 2, 44_100);
        string all = _temp.Sub("all"), two = _temp.Sub("two");
        var lite = Fixtures.Model("lite-5stem-random");

        _engine.Run(Request(OfflineTask.Separate, input, all) with { Model = lite, Stems = StemSelection.FiveStems });
        _engine.Run(Request(OfflineTask.Separate, input, two) with { Model = lite, Stems = StemSelection.VocalsAndInstrumental });

        Assert.Equal(5, OfflineAudio.Listing(all).Length);
        Assert.Equal(["five.instrumental.wav", "five.vocals.wav"], OfflineAudio.Listing(two));
        AudioBuffer sum = AudioFile.Read(Path.Combine(all, "five.drums.wav"));
        foreach (string stem in (string[])["bass", "instruments", "fx"])
        {
            AudioBuffer s = AudioFile.Read(Path.Combine(all, $"five.{stem}.wav"));
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < sum.Length; i++)
                {
                    sum.Samples[c][i] += s.Samples[c][i];
                }
            }
        }

        AudioBuffer instrumental = AudioFile.Read(Path.Combine(two, "five.instrumental.wav"));
        double scale = Math.Max(1e-3, OfflineAudio.Peak(sum));
        Assert.True(OfflineAudio.Peak(sum) > 1e-3, "a random model still produces non-silent stems");
        Assert.True(OfflineAudio.MaxDifference(sum, instrumental) < 1e-4 * scale + 1e-5);
        Assert.True(OfflineAudio.MaxDifference(AudioFile.Read(Path.Combine(all, "five.vocals.wav")),
            AudioFile.Read(Path.Combine(two, "five.vocals.wav"))) < 1e-6);
    }

    [Fact]
    public void Five_stems_of_the_shipped_mixture_consistent_model_add_back_to_the_mix()
    {
        string shipped = ModelDirectoryLocator.Find(null, "the repository's models/", startDirectory: AppContext.BaseDirectory);
        var lite = ModelEntry.Load(Path.Combine(shipped, "lite-5stem.onnx"));
        Assert.True(lite.Manifest.MixtureConsistent);
        string input = OfflineAudio.Write(_temp.File("null.wav"), 44_100, 2, 2 * 44_100 + 321);
        string outDir = _temp.Sub("out");

        _engine.Run(Request(OfflineTask.Separate, input, outDir) with { Model = lite, Stems = StemSelection.FiveStems });

        AudioBuffer mix = AudioFile.Read(input);
        AudioBuffer sum = AudioFile.Read(Path.Combine(outDir, "null.vocals.wav"));
        foreach (string stem in (string[])["drums", "bass", "instruments", "fx"])
        {
            AudioBuffer s = AudioFile.Read(Path.Combine(outDir, $"null.{stem}.wav"));
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < sum.Length; i++)
                {
                    sum.Samples[c][i] += s.Samples[c][i];
                }
            }
        }

        // A null test: what the model takes from one stem it gives to another, nothing is lost or added.
        Assert.True(OfflineAudio.MaxDifference(AudioFile.Read(Path.Combine(outDir, "null.vocals.wav")), mix) > 1e-2,
            "the vocals differ from the mix, so the sum is not trivially the input");
        Assert.True(OfflineAudio.MaxDifference(mix, sum) < 1e-4 * Math.Max(1, OfflineAudio.Peak(mix)));
    }

    [Fact]
    public void Progress_rises_monotonically_and_ends_at_exactly_one()
    {
        string input = OfflineAudio.Write(_temp.File("p.wav"), 44_100, 2, 5 * 44_100);
        var values = new List<double>();

        _engine.Run(Request(OfflineTask.Separate, input, _temp.Sub("out")), new SyncProgress(values.Add));

        Assert.True(values.Count >= 10, $"only {values.Count} progress reports");
        Assert.All(values.Zip(values.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} after {pair.First}"));
        Assert.Equal(1.0, values[^1]);
        Assert.Equal(1, values.Count(v => v >= 1.0));
    }

    [Fact]
    public void Plot_writes_a_valid_png_spectrogram_of_the_input_and_of_each_stem()
    {
        string input = OfflineAudio.Write(_temp.File("plot.wav"), 44_100, 2, 2 * 44_100);
        string outDir = _temp.Sub("out");

        OfflineResult result = _engine.Run(Request(OfflineTask.Separate, input, outDir) with { Plot = true });

        string[] pngs = [.. result.Outputs.Where(o => o.Kind == OfflineOutputKind.Spectrogram).Select(o => o.Path)];
        Assert.Equal(["plot.input.png", "plot.vocals.png", "plot.instrumental.png"], pngs.Select(Path.GetFileName));
        foreach (string png in pngs)
        {
            (int width, int height, byte[] rgb) = PngReader.Read(File.ReadAllBytes(png));
            Assert.Equal(SpectrogramRenderer.Height, height);
            Assert.InRange(width, 16, SpectrogramRenderer.MaxWidth);
            Assert.Equal(width * height * 3, rgb.Length);
        }

        // The input has energy, the identity model's instrumental is silent: their images must differ.
        Assert.NotEqual(PngReader.Read(File.ReadAllBytes(pngs[0])).Rgb, PngReader.Read(File.ReadAllBytes(pngs[2])).Rgb);
    }

    internal static OfflineRequest Request(OfflineTask task, string input, string outDir) => new()
    {
        Task = task,
        InputPath = input,
        OutputDirectory = outDir,
        Model = Fixtures.Model("identity-2stem"),
    };
}

/// <summary>An IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);
}
