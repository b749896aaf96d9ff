using LocoformerVst.Dsp.Metrics;
using LocoformerVst.Dsp.Tests.Audio;

namespace LocoformerVst.Dsp.Tests.Metrics;

public class SeparationMetricsTests
{
    private static float[][] Stereo(int length, int seed) =>
        [TestSignals.Noise(length, seed, 0.5), TestSignals.Noise(length, seed + 100, 0.5)];

    private static double Energy(float[][] x) => x.Sum(c => c.Sum(v => (double)v * v));

    private static float[][] Map(float[][] x, Func<float, int, int, float> f) =>
        x.Select((ch, c) => ch.Select((v, i) => f(v, c, i)).ToArray()).ToArray();

    [Fact]
    public void Identical_signals_give_the_delta_capped_usdr_and_infinite_sdr()
    {
        float[][] s = Stereo(44_100 * 2, 1);

        double expected = 10 * Math.Log10((Energy(s) + 1e-7) / 1e-7);
        Assert.Equal(expected, SeparationMetrics.Usdr(s, s), 1e-9);
        Assert.Equal(double.PositiveInfinity, SeparationMetrics.FramewiseSdr(s, s).Median);
        Assert.Equal(double.PositiveInfinity, SeparationMetrics.SiSdr(s, s));
    }

    [Fact]
    public void Scaled_copy_gives_the_closed_form_usdr()
    {
        float[][] s = Stereo(44_100 * 3, 2);
        float[][] half = Map(s, (v, _, _) => v * 0.5f);   // exact in float

        double e = Energy(s);
        double expected = 10 * Math.Log10((e + 1e-7) / (0.25 * e + 1e-7));   // ≈ 6.0206 dB
        Assert.Equal(expected, SeparationMetrics.Usdr(s, half), 1e-9);
        Assert.All(SeparationMetrics.FramewiseSdr(s, half).Windows, w => Assert.Equal(20 * Math.Log10(2), w, 1e-9));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(25.0)]
    public void Added_noise_at_a_known_snr_is_measured_within_a_tenth_of_a_db(double snrDb)
    {
        float[][] s = Stereo(44_100 * 4, 3);
        float[][] noise = Stereo(44_100 * 4, 50);
        double scale = Math.Sqrt(Energy(s) / Energy(noise) / Math.Pow(10, snrDb / 10));
        float[][] estimate = Map(s, (v, c, i) => v + (float)(scale * noise[c][i]));

        Assert.Equal(snrDb, SeparationMetrics.Usdr(s, estimate), 0.1);
        Assert.Equal(snrDb, SeparationMetrics.FramewiseSdr(s, estimate).Median, 0.1);
        Assert.Equal(snrDb, SeparationMetrics.SiSdr(s, estimate), 0.1);
    }

    [Fact]
    public void Si_sdr_ignores_the_estimate_scale_but_usdr_does_not()
    {
        float[][] s = Stereo(20_000, 4);
        float[][] noise = Stereo(20_000, 9);
        float[][] estimate = Map(s, (v, c, i) => v + 0.2f * noise[c][i]);
        float[][] louder = Map(estimate, (v, _, _) => v * 3f);

        Assert.Equal(SeparationMetrics.SiSdr(s, estimate), SeparationMetrics.SiSdr(s, louder), 1e-6);
        Assert.True(SeparationMetrics.Usdr(s, louder) < SeparationMetrics.Usdr(s, estimate) - 10);
    }

    [Fact]
    public void Zero_mean_si_sdr_ignores_a_dc_offset_in_the_estimate()
    {
        float[][] s = Stereo(20_000, 5);
        float[][] noise = Stereo(20_000, 20);
        float[][] estimate = Map(s, (v, c, i) => v + 0.1f * noise[c][i]);
        float[][] offset = Map(estimate, (v, _, _) => v + 0.2f);

        Assert.Equal(SeparationMetrics.SiSdr(s, estimate), SeparationMetrics.SiSdr(s, offset), 1e-3);
        Assert.True(SeparationMetrics.SiSdr(s, offset, zeroMean: false) < SeparationMetrics.SiSdr(s, estimate, zeroMean: false) - 3);
    }

    [Fact]
    public void Framewise_sdr_skips_silent_windows_and_drops_the_trailing_partial_second()
    {
        const int second = 44_100;
        float[][] s = Stereo(second * 7 / 2, 6);            // 3.5 s -> 3 whole windows
        for (int c = 0; c < 2; c++)
        {
            Array.Clear(s[c], second, second);               // window 1: silent reference
        }

        float[][] estimate = Map(s, (v, _, i) => i < second ? v * 0.9f : v * 0.5f);
        for (int c = 0; c < 2; c++)
        {
            Array.Clear(estimate[c], 2 * second, second);    // window 2: silent estimate
        }

        FramewiseSdrResult result = SeparationMetrics.FramewiseSdr(s, estimate);

        Assert.Equal(3, result.Windows.Length);
        Assert.Equal(20, result.Windows[0], 1e-4);           // 10·log10(1 / 0.1²)
        Assert.True(double.IsNaN(result.Windows[1]));
        Assert.True(double.IsNaN(result.Windows[2]));
        Assert.Equal(1, result.ValidWindows);
        Assert.Equal(20, result.Median, 1e-4);
    }

    [Fact]
    public void Framewise_sdr_zero_pads_a_short_estimate_and_takes_the_median()
    {
        const int window = 1000;
        float[][] s = [TestSignals.Noise(4 * window, 7)];
        // Windows at SDR 20, 6.02, 20, and a missing last window (estimate ends early -> all zeros -> NaN).
        float[][] estimate = [s[0].Take(3 * window).Select((v, i) => i / window == 1 ? v * 0.5f : v * 0.9f).ToArray()];

        FramewiseSdrResult result = SeparationMetrics.FramewiseSdr(s, estimate, window, window);

        Assert.Equal(4, result.Windows.Length);
        Assert.True(double.IsNaN(result.Windows[3]));
        Assert.Equal(20, result.Median, 1e-4);
    }

    [Fact]
    public void Median_of_an_even_count_averages_the_middle_pair_and_all_nan_gives_nan()
    {
        Assert.Equal(2.5, SeparationMetrics.Median([4, double.NaN, 1, 2, 3]));
        Assert.True(double.IsNaN(SeparationMetrics.Median([double.NaN])));
    }

    [Fact]
    public void Si_sdr_of_a_scaled_reference_is_infinite_for_float_and_double_estimates()
    {
        float[][] s = [[.. Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? 1f : -1f)]];
        float[][] half = Map(s, (v, _, _) => 0.5f * v);

        Assert.Equal(double.PositiveInfinity, SeparationMetrics.SiSdr(s, half));
        Assert.Equal(double.PositiveInfinity, SeparationMetrics.SiSdr(s, [[.. half[0].Select(v => (double)v)]]));
    }

    [Fact]
    public void Si_sdr_of_a_scaled_reference_plus_orthogonal_noise_is_its_formula_exactly()
    {
        // s alternates +1/-1; n = 0.125·(+1, +1, -1, -1, ...): both zero-mean, <n, s> = 0, so α = 2 and
        // SI-SDR = 10·log10(‖2s‖² / ‖n‖²) = 10·log10(4 / 0.125²) = 10·log10(256), in every channel alike.
        const int length = 4000;
        float[] s = [.. Enumerable.Range(0, length).Select(i => i % 2 == 0 ? 1f : -1f)];
        float[] n = [.. Enumerable.Range(0, length).Select(i => i % 4 < 2 ? 0.125f : -0.125f)];
        float[][] reference = [s, s];
        float[][] estimate = [[.. s.Select((v, i) => 2 * v + n[i])], [.. s.Select((v, i) => 2 * v + n[i])]];

        Assert.Equal(10 * Math.Log10(256), SeparationMetrics.SiSdr(reference, estimate), 1e-9);
        // uSDR is not scale-invariant: the error is s + n, energy 1 + 1/64 per sample.
        Assert.Equal(10 * Math.Log10((2.0 * length + 1e-7) / (2 * length * (1 + 1.0 / 64) + 1e-7)), SeparationMetrics.Usdr(reference, estimate), 1e-9);
    }

    [Fact]
    public void A_double_estimate_scores_exactly_like_its_float_copy()
    {
        float[][] s = Stereo(3 * 44_100, 11);
        float[][] noise = Stereo(3 * 44_100, 12);
        float[][] estimate = Map(s, (v, c, i) => v + 0.1f * noise[c][i]);
        double[][] wide = [.. estimate.Select(c => c.Select(v => (double)v).ToArray())];

        Assert.Equal(SeparationMetrics.Usdr(s, estimate), SeparationMetrics.Usdr(s, wide));
        Assert.Equal(SeparationMetrics.SiSdr(s, estimate), SeparationMetrics.SiSdr(s, wide));
        Assert.Equal(SeparationMetrics.FramewiseSdr(s, estimate).Windows, SeparationMetrics.FramewiseSdr(s, wide).Windows);
        Assert.Equal(StemScore.Measure(s, estimate), StemScore.Measure(s, wide));
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SeparationMetrics.Usdr([new float[10]], [new float[11]]));
        Assert.Throws<ArgumentException>(() => SeparationMetrics.SiSdr(Stereo(10, 1), [new float[10]]));
    }
}
