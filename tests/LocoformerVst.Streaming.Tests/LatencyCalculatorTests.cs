using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Inference.Chunking;

namespace LocoformerVst.Streaming.Tests;

public class LatencyCalculatorTests
{
    [Theory]
    [InlineData(LatencyMode.Low, 512, (2 * 8 + 4) * 512 + 1536 + 512 + 128)]
    [InlineData(LatencyMode.Balanced, 512, (2 * 24 + 8) * 512 + 1536 + 512 + 128)]
    [InlineData(LatencyMode.Quality, 1024, (2 * 48 + 16) * 512 + 1536 + 1024 + 128)]
    public void At_44_1_kHz_the_latency_follows_the_documented_formula(LatencyMode mode, int block, int expected)
    {
        var budget = LatencyCalculator.Compute(44_100, block, LatencyModes.Plan(mode));
        Assert.Equal(expected, budget.HostSamples);
        Assert.Equal(expected, budget.InternalFrames);
    }

    [Theory]
    [InlineData(48_000)]
    [InlineData(96_000)]
    [InlineData(22_050)]
    [InlineData(192_000)]
    public void At_common_rates_the_ring_delay_is_a_whole_number_of_host_samples(int rate)
    {
        var budget = LatencyCalculator.Compute(rate, 512, LatencyModes.Plan(LatencyMode.Balanced));
        long scaled = (long)(budget.InternalFrames + budget.InputResamplerFrames) * rate;
        Assert.Equal(0, scaled % 44_100);
        int expected = (int)(scaled / 44_100) + budget.OutputResamplerFrames;
        Assert.Equal(expected, budget.HostSamples);
        Assert.Equal(new StreamingResampler(rate, 44_100, 1).LatencyFrames, budget.InputResamplerFrames);
    }

    [Fact]
    public void Latency_grows_with_the_block_size_and_the_mode()
    {
        var plan = LatencyModes.Plan(LatencyMode.Low);
        Assert.True(LatencyCalculator.Compute(44_100, 4096, plan).HostSamples > LatencyCalculator.Compute(44_100, 64, plan).HostSamples);
        Assert.True(LatencyCalculator.Compute(44_100, 512, LatencyModes.Plan(LatencyMode.Balanced)).HostSamples
            > LatencyCalculator.Compute(44_100, 512, plan).HostSamples);
    }

    [Fact]
    public void Capability_choice_takes_the_shortest_mode_within_the_margin_not_shorter_than_requested()
    {
        double Factors(LatencyMode m) => m switch { LatencyMode.Low => 1.4, LatencyMode.Balanced => 0.5, _ => 0.3 };
        Assert.Equal((LatencyMode.Balanced, 0.5, true), RealtimeCapabilityCheck.Choose(LatencyMode.Low, Factors));
        Assert.Equal((LatencyMode.Quality, 0.3, true), RealtimeCapabilityCheck.Choose(LatencyMode.Quality, Factors));
        var none = RealtimeCapabilityCheck.Choose(LatencyMode.Low, _ => 2.0);
        Assert.False(none.Capable);
        Assert.Equal(LatencyMode.Low, none.Mode);
        Assert.Equal(2.0, none.RealTimeFactor);
    }

    [Fact]
    public void Chunk_plans_have_the_documented_shape()
    {
        Assert.Equal(new ChunkPlan(8, 8, 4), LatencyModes.Plan(LatencyMode.Low));
        Assert.Equal(new ChunkPlan(12, 24, 8), LatencyModes.Plan(LatencyMode.Balanced));
        Assert.Equal(new ChunkPlan(16, 48, 16), LatencyModes.Plan(LatencyMode.Quality));
    }

    [Fact]
    public void Longer_modes_recompute_fewer_frames_per_kept_frame()
    {
        // The capability check relies on this order: a mode that does not keep up falls back to a longer, cheaper one.
        static double Cost(LatencyMode m) => (double)LatencyModes.Plan(m).TotalFrames / LatencyModes.Plan(m).NewFrames;
        Assert.True(Cost(LatencyMode.Low) > Cost(LatencyMode.Balanced));
        Assert.True(Cost(LatencyMode.Balanced) > Cost(LatencyMode.Quality));
        Assert.True(Cost(LatencyMode.Balanced) < 2.0, "Balanced must cost under 2 frames per kept frame");
    }
}
