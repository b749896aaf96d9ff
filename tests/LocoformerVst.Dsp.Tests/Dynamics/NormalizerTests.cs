using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Dynamics;
using LocoformerVst.Dsp.Tests.Audio;

namespace LocoformerVst.Dsp.Tests.Dynamics;

public class NormalizerTests
{
    private static AudioBuffer Stereo(float[] left, float[] right) => new([left, right], 44_100);

    [Fact]
    public void Peak_normalize_puts_the_largest_sample_at_the_target()
    {
        var buffer = Stereo(TestSignals.Noise(10_000, 1, 0.3), TestSignals.Noise(10_000, 2, 0.2));

        float gain = Normalizer.PeakNormalize(buffer, targetDbfs: -1);

        double peak = buffer.Samples.SelectMany(c => c).Max(v => Math.Abs((double)v));
        Assert.Equal(Math.Pow(10, -1 / 20.0), peak, 1e-6);
        Assert.InRange(gain, 2.9f, 3.2f);
    }

    [Fact]
    public void Peak_target_above_the_ceiling_stops_at_the_ceiling()
    {
        var buffer = Stereo(TestSignals.Noise(10_000, 1, 0.5), TestSignals.Noise(10_000, 2, 0.5));

        Normalizer.PeakNormalize(buffer, targetDbfs: 0, ceilingDbfs: -0.1);

        float ceiling = (float)Math.Pow(10, -0.1 / 20);
        float peak = buffer.Samples.SelectMany(c => c).Max(Math.Abs);
        Assert.True(peak <= ceiling, $"peak {peak} above ceiling {ceiling}");
        Assert.Equal(ceiling, peak, 1e-6f);
    }

    [Fact]
    public void Rms_normalize_hits_the_target_when_the_peak_allows()
    {
        var buffer = Stereo(TestSignals.Sine(44_100, 440, 44_100, 0.1), TestSignals.Sine(44_100, 550, 44_100, 0.1));

        Normalizer.RmsNormalize(buffer, targetDbfs: -20);

        Assert.Equal(-20, LevelMeter.Measure(buffer).RmsDbfs, 0.001);
    }

    [Fact]
    public void Rms_normalize_never_pushes_the_peak_past_the_ceiling()
    {
        float[] spiky = new float[44_100];
        spiky[100] = 0.5f;   // crest factor ~46 dB
        spiky[200] = 0.01f;
        var buffer = Stereo(spiky, (float[])spiky.Clone());

        Normalizer.RmsNormalize(buffer, targetDbfs: -6, ceilingDbfs: -1);

        LevelMeter levels = LevelMeter.Measure(buffer);
        Assert.True(levels.Peak <= (float)Math.Pow(10, -1 / 20.0));
        Assert.Equal(-1, levels.PeakDbfs, 1e-5);
        Assert.True(levels.RmsDbfs < -40);
    }

    [Fact]
    public void Silence_is_left_unchanged()
    {
        var buffer = Stereo(new float[100], new float[100]);

        Assert.Equal(1f, Normalizer.PeakNormalize(buffer, -1));
        Assert.Equal(1f, Normalizer.RmsNormalize(buffer, -20));
        Assert.All(buffer.Samples[0], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Level_meter_accumulated_over_blocks_equals_one_pass()
    {
        float[] x = TestSignals.Noise(10_000, 5, 0.8);
        var blocks = new LevelMeter();
        for (int i = 0; i < x.Length; i += 999)
        {
            blocks.Add(x.AsSpan(i, Math.Min(999, x.Length - i)));
        }

        double rms = Math.Sqrt(x.Average(v => (double)v * v));
        Assert.Equal(rms, blocks.Rms, 1e-12);
        Assert.Equal(x.Max(Math.Abs), blocks.Peak);
        Assert.Equal(10_000, blocks.SampleCount);
    }

    [Fact]
    public void Full_scale_sine_reads_minus_3_dbfs_rms_and_0_dbfs_peak()
    {
        var meter = new LevelMeter();
        meter.Add(TestSignals.Sine(44_100, 1000, 44_100, 1.0, phase: Math.PI / 2));

        Assert.Equal(-3.0103, meter.RmsDbfs, 0.001);
        Assert.Equal(0, meter.PeakDbfs, 1e-6);
    }
}
