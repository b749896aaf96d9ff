using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class OfflineEnginePolishTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly OfflineEngine _engine = new(new OfflineEngineOptions { Inference = new InferenceSettings { IntraOpThreads = 1 } });

    public void Dispose()
    {
        _engine.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Enhance_holds_the_limiter_ceiling_when_loudness_normalization_pushes_peaks_past_it()
    {
        // A quiet tone with sparse loud clicks: reaching the loudness target needs more gain than the clicks can take,
        // so the clicks go well past full scale before the limiter and only the limiter keeps them under 0.95.
        const int rate = 44_100;
        var x = new AudioBuffer(2, 3 * rate, rate);
        for (int i = 0; i < x.Length; i++)
        {
            bool click = i % (rate / 2) < 200;
            for (int c = 0; c < 2; c++)
            {
                x.Samples[c][i] = (float)(0.03 * Math.Sin(2 * Math.PI * 220 * i / rate) + (click ? 0.5 * Math.Sin(2 * Math.PI * 2000 * i / rate) : 0));
            }
        }

        string input = _temp.File("clicks.wav");
        AudioFile.WriteWav(input, x, WavSampleFormat.Float32);
        string outDir = _temp.Sub("out");

        OfflineResult result = _engine.Run(Request(OfflineTask.Enhance, input, outDir));

        AudioBuffer enhanced = AudioFile.Read(Path.Combine(outDir, "clicks.enhanced.wav"));
        Assert.Equal(x.Length, enhanced.Length);
        double gain = Math.Pow(10, result.Quality.PolishGainDb!.Value / 20);
        Assert.True(OfflineAudio.Peak(x) * gain > 1.2, $"the clicks reach {OfflineAudio.Peak(x) * gain} before the limiter");
        Assert.True(OfflineAudio.Peak(enhanced) <= 0.95f, $"peak {OfflineAudio.Peak(enhanced)}");
        Assert.True(OfflineAudio.Peak(enhanced) > 0.9, "the limiter brings peaks to the ceiling, not far below it");
        Assert.Equal(["clicks.enhanced.wav"], OfflineAudio.Listing(outDir));
        Assert.Equal("balanced", result.Preset);
        Assert.Equal(OfflineAudio.Peak(enhanced), result.Quality.Output!.Peak, 1e-6);
    }

    [Fact]
    public void Vocal_up_preset_raises_the_vocal_stem_against_the_rest()
    {
        // Identity model: vocals = mix, instrumental = 0, so vocal-up (+4 dB vocals) before normalization is a plain
        // gain on the mix; with a quiet input and no limiting the polish gain then matches balanced's less 4 dB.
        string input = OfflineAudio.Write(_temp.File("v.wav"), 44_100, 2, 2 * 44_100, level: 0.1);

        OfflineResult balanced = _engine.Run(Request(OfflineTask.Enhance, input, _temp.Sub("a")));
        OfflineResult vocalUp = _engine.Run(Request(OfflineTask.Enhance, input, _temp.Sub("b")) with { Preset = EnhancePresets.VocalUp });

        Assert.Equal(balanced.Quality.PolishGainDb!.Value - 4, vocalUp.Quality.PolishGainDb!.Value, 0.05);
        Assert.Equal("vocal-up", vocalUp.Preset);
    }

    [Fact]
    public void Clean_with_the_identity_model_keeps_the_signal_and_only_limits_it()
    {
        string input = OfflineAudio.Write(_temp.File("c.wav"), 44_100, 2, 2 * 44_100, level: 0.5);
        string outDir = _temp.Sub("out");

        OfflineResult result = _engine.Run(Request(OfflineTask.Clean, input, outDir));

        AudioBuffer cleaned = AudioFile.Read(Path.Combine(outDir, "c.clean.wav"));
        // Under the limiter's knee (it starts 1.5 dB below 0.95) nothing changes.
        Assert.True(OfflineAudio.MaxDifference(AudioFile.Read(input), cleaned) < 1e-4);
        Assert.Equal(0, result.Quality.LoudnessChangeDb!.Value, 0.01);
        Assert.Equal(0, result.Quality.EstimatedSnrChangeDb!.Value, 0.2);
    }

    [Fact]
    public void Unknown_preset_names_the_available_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => EnhancePresets.Get("loud"));
        Assert.Contains("balanced, vocal-up, punchy, warm", e.Message);
        Assert.Same(EnhancePresets.Warm, EnhancePresets.Get("WARM"));
    }

    private static OfflineRequest Request(OfflineTask task, string input, string outDir) =>
        OfflineEngineSeparationTests.Request(task, input, outDir);

    private static float[] Interleave(AudioBuffer b)
    {
        var x = new float[b.Length * b.Channels];
        for (int i = 0; i < b.Length; i++)
        {
            for (int c = 0; c < b.Channels; c++)
            {
                x[i * b.Channels + c] = b.Samples[c][i];
            }
        }

        return x;
    }
}
