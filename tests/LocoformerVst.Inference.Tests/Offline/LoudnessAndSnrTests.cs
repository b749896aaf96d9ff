using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class LoudnessAndSnrTests
{
    [Theory]
    [InlineData(44_100)]
    [InlineData(48_000)]
    [InlineData(96_000)]
    public void Stereo_1kHz_sine_at_half_scale_reads_minus_6_LUFS_at_any_rate(int rate)
    {
        // BS.1770 is calibrated so that a full-scale 1 kHz sine in both channels reads 0 LUFS (K-weighting gains
        // +0.691 dB at 1 kHz, which the -0.691 offset cancels); half amplitude is -6.02.
        var meter = new LoudnessMeter(rate, 2);
        meter.Add(Sine(rate, 2, 5 * rate, 1000, 0.5));

        Assert.Equal(-6.02, meter.IntegratedLufs, 0.1);
    }

    [Fact]
    public void Silence_between_passages_is_gated_out_of_integrated_loudness()
    {
        const int rate = 48_000;
        var toneOnly = new LoudnessMeter(rate, 1);
        toneOnly.Add(Sine(rate, 1, 4 * rate, 1000, 0.25));
        var withGaps = new LoudnessMeter(rate, 1);
        withGaps.Add(Sine(rate, 1, 2 * rate, 1000, 0.25));
        withGaps.Add(new float[6 * rate]);
        withGaps.Add(Sine(rate, 1, 2 * rate, 1000, 0.25));

        // Mono: one channel at amplitude 0.25 reads -3.01 - 12.04.
        Assert.Equal(-15.05, toneOnly.IntegratedLufs, 0.1);
        // The silent blocks fall under the absolute gate. What remains: 17 whole tone blocks per passage plus the
        // six 400 ms blocks that straddle a passage edge (75, 50 and 25 % tone on each side), 40 blocks holding
        // 37 blocks' worth of tone energy.
        Assert.Equal(toneOnly.IntegratedLufs + 10 * Math.Log10(37.0 / 40), withGaps.IntegratedLufs, 0.01);
    }

    [Fact]
    public void Relative_gate_drops_passages_more_than_10_LU_under_the_loud_part()
    {
        const int rate = 48_000;
        var meter = new LoudnessMeter(rate, 1);
        meter.Add(Sine(rate, 1, 5 * rate, 1000, 0.5));   // -9.03 LUFS
        meter.Add(Sine(rate, 1, 5 * rate, 1000, 0.05));  // -29.03 LUFS: 20 LU down, gated
        // Kept: 47 loud blocks and the three straddling the change (75/25, 50/50, 25/75 loud/quiet energy mixes);
        // the 46 quiet blocks are under the relative gate.
        double straddling = 0.75 + 0.25 * 0.01 + 0.5 + 0.5 * 0.01 + 0.25 + 0.75 * 0.01;
        Assert.Equal(-9.03 + 10 * Math.Log10((47 + straddling) / 50), meter.IntegratedLufs, 0.02);
    }

    [Fact]
    public void Snr_estimate_is_the_gap_between_loud_passages_and_the_noise_floor()
    {
        const int rate = 44_100;
        var rng = new Random(3);
        var estimator = new SnrEstimator(rate, 1);
        // 60 % of the time a tone at -10 dBFS RMS over noise at -50 dBFS RMS; 40 % noise alone.
        double noiseRms = Math.Pow(10, -50 / 20.0), toneAmp = Math.Pow(10, -10 / 20.0) * Math.Sqrt(2);
        var x = new float[20 * rate];
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / rate;
            double noise = noiseRms * Math.Sqrt(3) * (2 * rng.NextDouble() - 1); // uniform with that RMS
            x[i] = (float)(noise + (t % 1 < 0.6 ? toneAmp * Math.Sin(2 * Math.PI * 440 * t) : 0));
        }

        estimator.Add(x);

        Assert.Equal(40, estimator.EstimatedSnrDb, 1.0);
        Assert.Equal(-50, estimator.NoiseFloorDbfs, 1.0);
    }

    [Fact]
    public void Snr_estimate_needs_half_a_second_and_ignores_digital_silence()
    {
        var estimator = new SnrEstimator(44_100, 1);
        estimator.Add(new float[10 * 44_100]);
        Assert.True(double.IsNaN(estimator.EstimatedSnrDb));
    }

    private static float[] Sine(int rate, int channels, int frames, double hz, double amplitude)
    {
        var x = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                x[i * channels + c] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate));
            }
        }

        return x;
    }
}
