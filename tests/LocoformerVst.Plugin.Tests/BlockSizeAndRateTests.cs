using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>
/// The real product binary in this process (identity stand-in model, offline mode) under the block sizes and sample
/// rates hosts use: the main output stays the input delayed by exactly the latency the plugin reports.
/// </summary>
[Collection(ProductBundleCollection.Name)]
public sealed unsafe class BlockSizeAndRateTests(ProductBundleFixture bundle)
{
    private const int MaxBlock = 8192;

    [Fact]
    public void Block_sizes_from_1_to_8192_varying_on_every_call_keep_the_output_the_input_delayed_by_the_latency()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        var rng = new Random(8192);
        var sizes = new List<int>();
        float[][] input, main;
        int latency;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, MaxBlock))
        {
            plugin.Start(ProcessMode.Offline, MaxBlock, 44100);
            latency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(latency + 44100 / 2, 44100, seed: 3);
            // Both extremes first, then half tiny blocks (1..64, where hop boundaries fall inside calls) and half
            // anywhere up to the announced maximum.
            int NextBlock()
            {
                int n = sizes.Count switch { 0 => 1, 1 => MaxBlock, _ => rng.Next(2) == 0 ? rng.Next(1, 65) : rng.Next(1, MaxBlock + 1) };
                sizes.Add(n);
                return n;
            }
            main = ProductPlugin.Render(plugin, harness, input, NextBlock);
        }
        Assert.Equal(1, module.Exit());

        Assert.Contains(1, sizes);
        Assert.Contains(MaxBlock, sizes);
        Assert.True(sizes.Distinct().Count() > 20, $"block sizes vary ({sizes.Distinct().Count()} distinct in {sizes.Count} calls)");
        // 44.1 kHz is the model's own rate: no resampling, so the identity model gives the input back to float precision.
        Assert.True(Audio.MaxDelayedError(input, main, latency) < 1e-5);
        Assert.True(Audio.Peak(main, from: latency) > 0.1, "the compared stretch holds the music, not silence");
    }

    // 22.05 kHz to 384 kHz run through the 44.1 kHz model with resamplers either side; the error bound is the
    // resamplers' (-60 dB, as for 48 kHz in ProcessAllocationTests), after their first block.
    [Theory]
    [InlineData(22050, 1e-3)]
    [InlineData(44100, 1e-5)]
    [InlineData(48000, 1e-3)]
    [InlineData(88200, 1e-3)]
    [InlineData(96000, 1e-3)]
    [InlineData(192000, 1e-3)]
    [InlineData(384000, 1e-3)]
    public void Every_host_rate_from_22050_to_384000_is_accepted_and_renders_the_input_delayed_by_the_latency(int rate, double tolerance)
    {
        const int block = 512;
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        float[][] input, main;
        int latency;
        double? status;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, block))
        {
            plugin.Start(ProcessMode.Offline, block, rate); // asserts kResultOk from setupProcessing and setActive
            latency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(latency + rate / 4, rate, seed: 5);
            var reported = new TestParameterChanges();
            main = ProductPlugin.Render(plugin, harness, input, () => block, reported: reported);
            status = reported.Last(LocoformerParameters.Status);
            reported.Release();
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(ProductPlugin.StatusValue(EngineStatus.RunningStandIn), status);
        // The latency scales with the rate: about 0.6 s of the Balanced setting at any rate.
        Assert.InRange(latency / (double)rate, 0.5, 0.8);
        Assert.True(main.All(ch => ch.All(float.IsFinite)), "every output sample is a number");
        // Before the latency only the resamplers' pre-ring may show: at 384 kHz their filter reaches about one block
        // further back, at -90 dB; below -80 dB it is silence for this test.
        double early = Audio.Peak(main, to: latency - block);
        Assert.True(early < Math.Min(tolerance, 1e-4), $"nothing comes out before the reported latency (peak {early})");
        double error = Audio.MaxDelayedError(input, main, latency, from: latency + block);
        Assert.True(error < tolerance, $"null test at {rate} Hz: max error {error}");
        Assert.True(Audio.Peak(main, from: latency + block) > 0.1, "the compared stretch holds the music, not silence");
    }

    [Theory]
    [InlineData(1234.5678)]
    [InlineData(500_000.0)]
    public void A_rate_outside_22_05_to_384_kHz_is_refused_by_setupProcessing_and_the_last_accepted_setup_stays(double rate)
    {
        const int block = 64;
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        int latency;
        double? status;
        float[][] input, main;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, block))
        {
            Assert.Equal(Result.Ok, plugin.Processor.SetupProcessing(ProcessMode.Offline, block, 48_000));
            Assert.Equal(Result.False, plugin.Processor.SetupProcessing(ProcessMode.Offline, block, rate));

            // A host that activates anyway gets the 48 kHz setup it was last granted, not a broken engine.
            foreach (BusDirection direction in new[] { BusDirection.Input, BusDirection.Output })
            {
                for (int bus = 0; bus < plugin.Component.GetBusCount(Vst.MediaTypeAudio, (int)direction); bus++)
                    Assert.Equal(Result.Ok, plugin.Component.ActivateBus((int)direction, bus, true));
            }

            Assert.Equal(Result.Ok, plugin.Component.SetActive(true));
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(true));
            latency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(3 * 48_000, 48_000, seed: 6);
            var reported = new TestParameterChanges();
            main = ProductPlugin.Render(plugin, harness, input, () => block, reported: reported);
            status = reported.Last(LocoformerParameters.Status);
            reported.Release();
        }
        Assert.Equal(1, module.Exit());

        Assert.NotEqual(ProductPlugin.StatusValue(EngineStatus.LoadFailed), status);
        Assert.InRange(latency, (56 * 512 + 1536 + 128) * 48_000 / 44_100, input[0].Length / 2);
        Assert.True(Audio.MaxDelayedError(input, main, latency, from: latency + block) < 1e-3);
    }
}
