using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Dsp.Tests.Audio;

namespace LocoformerVst.Dsp.Tests.Resampling;

public class StreamingResamplerTests
{
    public static TheoryData<int, int> RatePairs()
    {
        var data = new TheoryData<int, int>();
        foreach (int rate in new[] { 22_050, 37_800, 44_056, 48_000, 88_200, 96_000, 192_000, 384_000 })
        {
            data.Add(rate, 44_100);
            data.Add(44_100, rate);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RatePairs))]
    public void Output_is_the_input_sine_delayed_by_exactly_the_reported_latency(int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate, 1);
        const double f = 1000.5, a = 0.5;
        float[] x = TestSignals.Sine(inputRate / 2, f, inputRate, a);
        var y = new float[resampler.OutputCountFor(x.Length)];

        int n = resampler.Process(x, y);

        int d = resampler.LatencyFrames;
        var expected = new float[n];
        for (int j = 0; j < n; j++)
        {
            expected[j] = (float)(a * Math.Sin(2 * Math.PI * f * (j - d) / outputRate));
        }

        // Skip the onset (the sine starts abruptly at input 0) and the not-yet-flushed tail.
        int start = d + outputRate / 50, end = n - outputRate / 50;
        double snr = TestSignals.SnrDb(expected.AsSpan(start, end - start), y.AsSpan(start, end - start));
        Assert.True(snr > 105, $"{inputRate}->{outputRate}: delayed-sine SNR {snr:F1} dB (measured ~113 dB)");
    }

    [Theory]
    [InlineData(48_000, 44_100)]
    [InlineData(44_100, 48_000)]
    [InlineData(44_056, 44_100)]
    [InlineData(192_000, 44_100)]
    public void Impulse_response_peaks_at_the_latency_and_is_symmetric(int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate, 1);
        // An impulse at an input index that maps onto an output instant exactly: index = M (output time L).
        int g = (int)System.Numerics.BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        int m = inputRate / g, l = outputRate / g;
        var x = new float[m + 4 * inputRate / 100];
        x[m] = 1;
        var y = new float[resampler.OutputCountFor(x.Length)];
        resampler.Process(x, y);

        int peak = Array.IndexOf(y, y.Max());
        Assert.Equal(l + resampler.LatencyFrames, peak);
        for (int k = 1; k < 40; k++)
        {
            Assert.Equal(y[peak - k], y[peak + k], 1e-6f);
        }
    }

    [Fact]
    public void Round_trip_48k_to_44k1_and_back_keeps_band_limited_noise_above_100_db_snr()
    {
        float[] x = TestSignals.BandLimitedNoise(48_000, 48_000, 18_000, seed: 3);

        AudioBuffer down = BufferResampler.Resample(new AudioBuffer([x], 48_000), 44_100);
        AudioBuffer back = BufferResampler.Resample(down, 48_000);

        Assert.Equal(44_100, down.Length);
        Assert.Equal(48_000, back.Length);
        // The edges see the abrupt start and end of the signal; judge the middle. Measured: 109.7 dB.
        double snr = TestSignals.SnrDb(x.AsSpan(3_000, 42_000), back.Samples[0].AsSpan(3_000, 42_000));
        Assert.True(snr > 100, $"round-trip SNR {snr:F1} dB");
    }

    [Theory]
    [InlineData(96_000, 30_000)]   // would alias to 14.1 kHz
    [InlineData(48_000, 23_000)]   // would alias to 21.1 kHz
    public void Content_above_the_output_nyquist_is_suppressed_by_more_than_100_db(int inputRate, double frequency)
    {
        float[] x = TestSignals.Sine(inputRate, frequency, inputRate, 0.5);

        float[] y = BufferResampler.Resample(new AudioBuffer([x], inputRate), 44_100).Samples[0];

        double rms = Math.Sqrt(y.AsSpan(4_410, 35_280).ToArray().Average(v => (double)v * v));
        double attenuation = 20 * Math.Log10(rms / (0.5 / Math.Sqrt(2)));
        Assert.True(attenuation < -100, $"alias level {attenuation:F1} dB (measured -107 and -131 dB)");
    }

    [Fact]
    public void Passband_is_flat_to_19_khz()
    {
        foreach ((int inRate, int outRate) in new[] { (48_000, 44_100), (44_100, 48_000) })
        {
            float[] y = BufferResampler.Resample(new AudioBuffer([TestSignals.Sine(inRate, 19_000, inRate, 0.5)], inRate), outRate).Samples[0];
            double rms = Math.Sqrt(y.AsSpan(outRate / 10, outRate * 8 / 10).ToArray().Average(v => (double)v * v));
            Assert.Equal(0.0, 20 * Math.Log10(rms / (0.5 / Math.Sqrt(2))), 0.01);
        }
    }

    [Fact]
    public void Agrees_with_naudio_wdl_resampler_on_a_1_khz_sine()
    {
        // NAudio's WDL sinc resampler (feed mode) is an independent implementation with zero alignment delay.
        float[] x = TestSignals.Sine(48_000, 1_000, 48_000);
        float[] ours = BufferResampler.Resample(new AudioBuffer([x], 48_000), 44_100).Samples[0];
        var wdl = new NAudio.Dsp.WdlResampler();
        wdl.SetMode(true, 2, true, 64, 32);
        wdl.SetFeedMode(true);
        wdl.SetRates(48_000, 44_100);
        var theirs = new float[50_000];
        int produced = 0;
        for (int fed = 0; fed < x.Length;)
        {
            int want = wdl.ResamplePrepare(Math.Min(1000, x.Length - fed), 1, out Span<float> inBuffer);
            x.AsSpan(fed, want).CopyTo(inBuffer);
            produced += wdl.ResampleOut(theirs.AsSpan(produced), want, 5000, 1);
            fed += want;
        }

        double agreement = TestSignals.SnrDb(ours.AsSpan(4_000, 36_000), theirs.AsSpan(4_000, 36_000));
        Assert.True(agreement > 90, $"agreement with WDL {agreement:F1} dB (measured 108.6 dB)");
    }

    [Fact]
    public void Equal_rates_pass_audio_through_unchanged_with_zero_latency()
    {
        var resampler = new StreamingResampler(48_000, 48_000, 2);
        float[] interleaved = TestSignals.Noise(2000, 5);
        var output = new float[2000];

        Assert.Equal(1000, resampler.Process(interleaved, output));
        Assert.Equal(0, resampler.LatencyFrames);
        Assert.Equal(interleaved, output);
    }

    [Fact]
    public void Constant_input_stays_exactly_constant_after_the_latency()
    {
        var resampler = new StreamingResampler(44_056, 44_100, 1);
        var x = Enumerable.Repeat(0.25f, 20_000).ToArray();
        var y = new float[resampler.OutputCountFor(x.Length)];
        resampler.Process(x, y);

        int settled = resampler.LatencyFrames + 80;
        Assert.All(y[settled..], v => Assert.Equal(0.25f, v, 1e-6f));
    }

    [Theory]
    [InlineData(7_999)]
    [InlineData(768_001)]
    public void Rates_outside_8k_to_768k_are_rejected(int inputRate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(inputRate, 44_100, 2));
        Assert.Contains("between 8000 and 768000 Hz", ex.Message);
    }
}
