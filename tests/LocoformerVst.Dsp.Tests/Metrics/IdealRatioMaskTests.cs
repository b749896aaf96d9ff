using LocoformerVst.Dsp.Metrics;
using LocoformerVst.Dsp.Spectral;
using LocoformerVst.Dsp.Tests.Audio;
using LocoformerVst.Dsp.Tests.Spectral;

namespace LocoformerVst.Dsp.Tests.Metrics;

public class IdealRatioMaskTests
{
    private const int Rate = 44_100;

    [Fact]
    public void Estimates_match_a_direct_dft_computation_of_the_mask_for_three_sources_and_two_channels()
    {
        // Small geometry so the O(n²) reference stays fast; three sources also exercise the unpaired FFT.
        var settings = new StftSettings(nFft: 64, hop: 16);
        const int length = 301;
        float[][][] sources = [.. Enumerable.Range(0, 3).Select(j =>
            new[] { SpectralReference.RandomSignal(length, 10 + j, 0.5f), SpectralReference.RandomSignal(length, 20 + j, 0.5f) })];
        float[][] mix = Sum(sources);

        double[][][] estimates = IdealRatioMask.Estimates(sources, mix, settings);

        for (int c = 0; c < 2; c++)
        {
            double[][] expected = DirectIrm([.. sources.Select(s => s[c])], mix[c], settings);
            for (int j = 0; j < sources.Length; j++)
            {
                Assert.Equal(length, estimates[j][c].Length);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(expected[j][i], estimates[j][c][i], 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Sources_with_disjoint_spectra_are_recovered_above_40_dB()
    {
        // Low tones against high tones: hundreds of bins apart, so the Hann window's leakage barely overlaps.
        float[] low = Add(TestSignals.Sine(Rate, 220, Rate, 0.4), TestSignals.Sine(Rate, 330, Rate, 0.2));
        float[] high = Add(TestSignals.Sine(Rate, 6000, Rate, 0.3), TestSignals.Sine(Rate, 9000, Rate, 0.2));
        float[][][] sources = [[low, low], [high, high]];
        float[][] mix = Sum(sources);

        double[][][] estimates = IdealRatioMask.Estimates(sources, mix);

        Assert.True(SeparationMetrics.Usdr(sources[0], estimates[0]) > 40, $"low: {SeparationMetrics.Usdr(sources[0], estimates[0]):F1} dB");
        Assert.True(SeparationMetrics.Usdr(sources[1], estimates[1]) > 40, $"high: {SeparationMetrics.Usdr(sources[1], estimates[1]):F1} dB");
    }

    [Fact]
    public void Estimates_of_sources_that_sum_to_the_mix_sum_back_to_the_mix_since_the_masks_sum_to_one()
    {
        const int length = 20_000;
        float[][][] sources = [.. Enumerable.Range(0, 2).Select(j =>
            new[] { TestSignals.Noise(length, 3 + j, 0.3), TestSignals.Noise(length, 7 + j, 0.3) })];
        float[][] mix = Sum(sources);

        double[][][] estimates = IdealRatioMask.Estimates(sources, mix);

        double worst = 0;
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < length; i++)
            {
                worst = Math.Max(worst, Math.Abs(estimates[0][c][i] + estimates[1][c][i] - mix[c][i]));
            }
        }

        Assert.True(worst < 1e-7, $"largest deviation from the mix: {worst:E2}");
        // And the split is a real one: each estimate is far from the mix.
        Assert.InRange(SeparationMetrics.Usdr(sources[0], estimates[0]), 3, 30);
    }

    [Fact]
    public void A_silent_source_gets_a_silent_estimate_and_the_other_source_gets_the_whole_mix()
    {
        float[] tone = TestSignals.Sine(Rate / 2, 440, Rate, 0.5);
        float[][][] sources = [[tone], [new float[tone.Length]]];

        double[][][] estimates = IdealRatioMask.Estimates(sources, [tone]);

        Assert.All(estimates[1][0], v => Assert.True(Math.Abs(v) < 1e-12, $"{v}"));
        // Only the mask's ε separates the estimate from the mix: the bins far from the tone, whose magnitude is near ε,
        // are damped (metrics.py scores this case 104.4 dB).
        double usdr = SeparationMetrics.Usdr(sources[0], estimates[0]);
        Assert.True(usdr > 100, $"{usdr:F1} dB");
    }

    [Fact]
    public void Sources_that_do_not_match_the_mix_or_a_mix_too_short_to_reflect_are_rejected_with_the_reason()
    {
        float[][] mix = [new float[4096], new float[4096]];

        ArgumentException shape = Assert.Throws<ArgumentException>(() =>
            IdealRatioMask.Estimates([[new float[4096], new float[4000]]], mix));
        Assert.Contains("Source 0 has 2 channel(s) of 4096/4000 samples; the mix has 2 of 4096", shape.Message);
        ArgumentException mono = Assert.Throws<ArgumentException>(() => IdealRatioMask.Estimates([[new float[4096]]], mix));
        Assert.Contains("Source 0 has 1 channel(s)", mono.Message);
        ArgumentException none = Assert.Throws<ArgumentException>(() => IdealRatioMask.Estimates([], mix));
        Assert.Contains("at least one reference source", none.Message);
        ArgumentException brief = Assert.Throws<ArgumentException>(() =>
            IdealRatioMask.Estimates([[new float[1000]]], [new float[1000]]));
        Assert.Contains("needs at least 1025", brief.Message);
    }

    private static float[] Add(float[] a, float[] b) => [.. a.Select((v, i) => v + b[i])];

    private static float[][] Sum(float[][][] sources) =>
        [.. Enumerable.Range(0, sources[0].Length).Select(c =>
            Enumerable.Range(0, sources[0][c].Length).Select(i => sources.Sum(s => s[c][i])).ToArray())];

    /// <summary>The mask straight from its definition: reflect-padded Hann frames, DFT, mask, inverse DFT, overlap-add.</summary>
    private static double[][] DirectIrm(float[][] sources, float[] mix, StftSettings settings)
    {
        int n = settings.NFft, hop = settings.Hop, length = mix.Length, frames = 1 + length / hop, bins = n / 2 + 1;
        double[] window = [.. Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n))];
        double[][] output = [.. sources.Select(_ => new double[length])];
        var envelope = new double[length];
        (double[] Re, double[] Im) Frame(float[] x, int t) => SpectralReference.Dft(Enumerable.Range(0, n).Select(i =>
        {
            int at = t * hop - n / 2 + i;
            at = at < 0 ? -at : at >= length ? 2 * (length - 1) - at : at;
            return window[i] * x[at];
        }).ToArray());

        for (int t = 0; t < frames; t++)
        {
            (double[] Re, double[] Im)[] spectra = [.. sources.Select(s => Frame(s, t))];
            (double[] Re, double[] Im) x = Frame(mix, t);
            for (int j = 0; j < sources.Length; j++)
            {
                var re = new double[bins];
                var im = new double[bins];
                for (int k = 0; k < bins; k++)
                {
                    double total = spectra.Sum(s => Math.Sqrt(s.Re[k] * s.Re[k] + s.Im[k] * s.Im[k])) + IdealRatioMask.MaskEpsilon;
                    double mask = Math.Sqrt(spectra[j].Re[k] * spectra[j].Re[k] + spectra[j].Im[k] * spectra[j].Im[k]) / total;
                    re[k] = mask * x.Re[k];
                    im[k] = mask * x.Im[k];
                }

                for (int i = 0; i < n; i++)
                {
                    // irfft: DC and Nyquist count once (their imaginary parts ignored), the other bins twice.
                    double sum = re[0] + re[n / 2] * (i % 2 == 0 ? 1 : -1);
                    for (int k = 1; k < n / 2; k++)
                    {
                        double angle = 2 * Math.PI * k * i / n;
                        sum += 2 * (re[k] * Math.Cos(angle) - im[k] * Math.Sin(angle));
                    }

                    int at = t * hop - n / 2 + i;
                    if (at >= 0 && at < length)
                    {
                        output[j][at] += window[i] * sum / n;
                        if (j == 0)
                        {
                            envelope[at] += window[i] * window[i];
                        }
                    }
                }
            }
        }

        foreach (double[] o in output)
        {
            for (int i = 0; i < length; i++)
            {
                o[i] /= envelope[i];
            }
        }

        return output;
    }
}
