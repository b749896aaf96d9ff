using LocoformerVst.Plugin.Tests.Support;
using static LocoformerVst.Plugin.Tests.Support.Renderer;

namespace LocoformerVst.Plugin.Tests;

/// <summary>Audio through the real bundle with the identity model (stem "vocals" = the mix, "instrumental" = silence)
/// standing in for the 2-stem model: delay compensation, stem and mode changes, bypass, mix and gain.</summary>
[Collection(ProductBundleCollection.Name)]
public sealed class RenderTests(ProductBundleFixture bundle)
{
    [Theory]
    [InlineData(44100, 64)]
    [InlineData(44100, 512)]
    [InlineData(48000, 64)]
    [InlineData(48000, 512)]
    public void Identity_model_output_is_the_input_delayed_by_exactly_the_reported_latency(int rate, int block)
    {
        float[][] input = Audio.Music(rate * 3 / 2, rate);
        Render r = Renderer.Run(bundle, $"null-{rate}-{block}", input, rate, "--block", Text(block), "--mode", "offline");

        int latency = r.Latency;
        if (rate == 44100)
        {
            // ARCHITECTURE.md: (2N + R)·hop + (n_fft − hop) + block + 128 fade frames; Balanced has N = 24, R = 8.
            Assert.Equal(56 * 512 + 1536 + block + 128, latency);
            Assert.True(Audio.MaxDelayedError(input, r.Main, latency) < 1e-5);
            Assert.True(Audio.MaxDelayedError(input, r.Vocals, latency) < 1e-5);
        }
        else
        {
            Assert.InRange(latency, (56 * 512 + 1536 + 128) * 48000 / 44100, input[0].Length / 2);
            // Resampled twice: -60 dB for band-limited material once the resamplers have started.
            Assert.True(Audio.MaxDelayedError(input, r.Main, latency, from: latency + 256) < 1e-3);
            Assert.True(Audio.MaxDelayedError(input, r.Main, latency, to: latency - 256) < 1e-6);
        }
        Assert.True(Audio.Peak(r.Instruments) < 1e-6, "the identity model's instrumental stem is silent");
        Assert.True(Audio.Peak(r.Drums) < 1e-6, "a 2-stem model has no drums stem: its bus stays silent");
    }

    [Fact]
    public void Selecting_the_instrumental_stem_mid_render_switches_the_main_output_without_a_restart()
    {
        float[][] input = Audio.Music(44100 * 2, 44100);
        const int change = 30000;
        Render r = Renderer.Run(bundle, "stem-change", input, 44100, "--mode", "offline", "--param", $"1=1@{change}");

        Assert.Empty(r.Run.Records("restart"));
        Assert.Single(r.Run.Numbers("latency"));
        int latency = r.Latency;
        Assert.True(Audio.MaxDelayedError(input, r.Main, latency, to: change) < 1e-5, "before the change: vocals (= the mix)");
        Assert.True(Audio.Peak(r.Main, from: change + latency + 8192) < 1e-6, "after it: the silent instrumental stem");
        Assert.True(Audio.MaxDelayedError(input, r.Vocals, latency) < 1e-5, "aux outputs do not depend on the Stem setting");
    }

    [Fact]
    public void Enhance_mode_rebuilds_the_mix_with_the_selected_stem_four_dB_louder()
    {
        float[][] input = Audio.Music(44100 * 2, 44100);
        const int change = 20000;
        Render r = Renderer.Run(bundle, "enhance", input, 44100, "--mode", "offline", "--param", $"0=1@{change}");

        Assert.Empty(r.Run.Records("restart"));
        int latency = r.Latency;
        Assert.True(Audio.MaxDelayedError(input, r.Main, latency, to: change) < 1e-5);
        Assert.True(Audio.MaxDelayedError(input, r.Main, latency, gain: Math.Pow(10, 4.0 / 20), from: change + latency + 8192) < 1e-4);
    }

    [Fact]
    public void Bypass_plays_the_delayed_dry_input_where_the_selected_stem_is_silent()
    {
        float[][] input = Audio.Music(44100, 44100);
        Render wet = Renderer.Run(bundle, "bypass-off", input, 44100, "--mode", "offline", "--param", "1=1@0");
        Render bypassed = Renderer.Run(bundle, "bypass-on", input, 44100, "--mode", "offline", "--param", "1=1@0", "--param", "6=1@0");

        Assert.True(Audio.Peak(wet.Main) < 1e-6);
        Assert.Equal(wet.Latency, bypassed.Latency);
        Assert.True(Audio.MaxDelayedError(input, bypassed.Main, bypassed.Latency) < 1e-6);
    }

    [Fact]
    public void Mix_blends_dry_and_separated_signals_and_output_gain_scales_the_result()
    {
        float[][] input = Audio.Music(44100, 44100);
        // Stem = instrumental (silent), Mix 50 %, gain (−6 − (−24)) / 36 = 0.5 → −6 dB: out = 0.5 · 10^(−6/20) · dry.
        Render r = Renderer.Run(bundle, "mix-gain", input, 44100, "--mode", "offline",
            "--param", "1=1@0", "--param", "4=0.5@0", "--param", "5=0.5@0");
        Assert.True(Audio.MaxDelayedError(input, r.Main, r.Latency, gain: 0.5 * Math.Pow(10, -6.0 / 20)) < 1e-5);
    }

    [Fact]
    public void Status_parameters_report_the_running_stand_in_model_its_latency_and_the_cpu()
    {
        float[][] input = Audio.Music(44100, 44100);
        Render r = Renderer.Run(bundle, "status", input, 44100, "--mode", "realtime", "--block", "512");
        Assert.Equal(2 / 4.0, r.Run.OutputParameter(LocoformerParameters.Status)); // "Running (stand-in model)"
        Assert.Equal(1 / 4.0, r.Run.OutputParameter(LocoformerParameters.Device)); // CPU
        Assert.Equal(1.0, r.Run.OutputParameter(LocoformerParameters.RealtimeCapable)); // the identity model is fast
        double rtf = r.Run.OutputParameter(LocoformerParameters.RealTimeFactor) * LocoformerParameters.MaxRealTimeFactor;
        Assert.InRange(rtf, 1e-9, 0.7);
        double ms = r.Run.OutputParameter(LocoformerParameters.LatencyMs) * LocoformerParameters.MaxLatencyMs;
        Assert.Equal(1000.0 * r.Latency / 44100, ms, 6);
    }
}
