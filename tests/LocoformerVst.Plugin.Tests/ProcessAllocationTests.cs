using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>
/// The published product binary loaded into this process and driven through its exports and vtables, as a host does:
/// process() must allocate nothing in the plugin's own NativeAOT runtime while parameters change (a Stem change
/// publishes a prepared StemMix), on stereo and on mono buses, and an offline render is the input delayed by exactly
/// the reported latency.
/// </summary>
[Collection(ProductBundleCollection.Name)]
public sealed unsafe class ProcessAllocationTests(ProductBundleFixture bundle)
{
    private const int Block = 256;
    private const int Rate = 48000;
    private const int WarmUpBlocks = 32;
    private const int MeasuredBlocks = 500;

    // The product's stable processor class ID (moduleinfo.json "cid"); hosts store projects by it.
    private static readonly Tuid ProcessorCid = Tuid.FromGuid(new Guid("5C1B2A1E-3D0F-4E8A-9B6C-7A24D1E0F317"));

    // Main out + the Vocals, Drums, Bass, Instruments and FX aux outputs, all stereo.
    private static readonly int[] OutputChannels = [2, 2, 2, 2, 2, 2];

    private static readonly Lock s_lock = new();
    private static Vst3Module? s_module;

    [Theory]
    [InlineData(2)]
    [InlineData(1)] // a mono track: every bus mono
    public void Process_allocates_nothing_in_the_plugin_runtime_while_Mix_Gain_and_Stem_change(int channels)
    {
        Vst3Module module = Load();
        Assert.Equal(1, module.Entry(null));
        int live = module.LiveObjectCount();
        const int total = WarmUpBlocks + MeasuredBlocks;
        float[][] input = Audio.Music(total * Block, Rate)[..channels];
        float[] main = new float[total * Block];
        int failures = 0;
        long allocated;
        int latency;
        double? status;

        long beforeCreate = module.AllocatedBytesOnThisThread();
        using (var plugin = new PluginInstance(module, ProcessorCid))
        using (var harness = new ProcessHarness([channels], [.. OutputChannels.Select(_ => channels)], Block))
        {
            // The counter does see the plugin runtime's allocations on this thread: creating the plugin allocates.
            Assert.True(module.AllocatedBytesOnThisThread() - beforeCreate > 0, "the plugin runtime's counter must move");
            Assert.Equal(6, plugin.Component.GetBusCount(Vst.MediaTypeAudio, (int)Vst3.BusDirection.Output));
            Assert.Equal(Result.Ok, ProductPlugin.SetChannels(plugin, channels));
            plugin.Start(Vst3.ProcessMode.Realtime, Block, Rate);
            latency = (int)plugin.Processor.GetLatencySamples();
            var changes = new TestParameterChanges();
            var reported = new TestParameterChanges();

            void RunBlock(int index)
            {
                // audio thread (the host's): only preallocated test objects and spans between the counter reads
                changes.Clear();
                reported.Clear();
                changes.Add(LocoformerParameters.Mix, index * 37 % Block, 0.5 + 0.05 * (index % 10));
                changes.Add(LocoformerParameters.Mix, Block - 1, 1.0);
                changes.Add(LocoformerParameters.OutputGain, index * 11 % Block, Normalized.Gain(-6 + index % 7));
                changes.Add(LocoformerParameters.OutputGain, Block - 1, Normalized.Gain(0));
                if (index % 50 == 0)
                {
                    // Vocals (the identity model's whole mix) and Instrumental (its silent stem), alternating; twice
                    // within one block too, so that one process() call publishes two prepared mixes.
                    changes.Add(LocoformerParameters.Stem, index * 13 % Block, (index / 50) % 2 == 1 ? 0 : 1);
                }
                else if (index % 50 == 25)
                {
                    changes.Add(LocoformerParameters.Stem, 64, 1);
                    changes.Add(LocoformerParameters.Stem, 192, (index / 50) % 2 == 1 ? 0 : 1);
                }

                for (int c = 0; c < channels; c++)
                    input[c].AsSpan(index * Block, Block).CopyTo(harness.Input(0, c));
                if (plugin.Processor.Process(harness.Prepare(Block, Vst3.ProcessMode.Realtime, changes.Pointer, reported.Pointer)) != Result.Ok)
                    failures++;
                harness.Output(0, 0).CopyTo(main.AsSpan(index * Block, Block));
            }

            for (int i = 0; i < WarmUpBlocks; i++)
                RunBlock(i); // first-call paths (static constructors, lazily built tables) are not the steady state
            long before = module.AllocatedBytesOnThisThread();
            for (int i = WarmUpBlocks; i < total; i++)
                RunBlock(i);
            allocated = module.AllocatedBytesOnThisThread() - before;
            status = reported.Last(LocoformerParameters.Status);
            changes.Release();
            reported.Release();
        }

        Assert.Equal(1, module.Exit());
        Assert.Equal(live, module.LiveObjectCount());
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        // The separator ran (the identity model standing in for the 2-stem model), not the zero-latency pass-through.
        Assert.Equal(2.0 / 4.0, status); // "Running (stand-in model)" of 5 status names
        Assert.InRange(latency, Rate / 4, total * Block - 2 * Block);
        // Delay compensation: silence until the reported latency has passed, then the (delayed) music, never NaN.
        Assert.True(main.All(float.IsFinite), "every output sample is a number");
        Assert.True(Audio.Peak([main], to: latency - Block) < 1e-6, "nothing may come out before the reported latency");
        Assert.True(Audio.Peak([main], from: latency + Block) > 0.1, "after the latency the main output carries the music");
    }

    [Fact]
    public void Offline_main_and_vocals_outputs_are_the_input_delayed_by_the_reported_latency()
    {
        Vst3Module module = Load();
        Assert.Equal(1, module.Entry(null));
        int live = module.LiveObjectCount();
        float[][] input;
        var main = new float[2][];
        var vocals = new float[2][];
        int latency;

        using (var plugin = new PluginInstance(module, ProcessorCid))
        using (var harness = new ProcessHarness([2], OutputChannels, Block))
        {
            plugin.Start(Vst3.ProcessMode.Offline, Block, Rate);
            latency = (int)plugin.Processor.GetLatencySamples();
            Assert.InRange(latency, Rate / 4, Rate * 2);
            int blocks = (latency + Rate / 2) / Block + 1;
            input = Audio.Music(blocks * Block, Rate);
            for (int c = 0; c < 2; c++)
            {
                main[c] = new float[blocks * Block];
                vocals[c] = new float[blocks * Block];
            }

            for (int b = 0; b < blocks; b++)
            {
                for (int c = 0; c < 2; c++)
                    input[c].AsSpan(b * Block, Block).CopyTo(harness.Input(0, c));
                Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(Block, Vst3.ProcessMode.Offline, null, null)));
                for (int c = 0; c < 2; c++)
                {
                    harness.Output(0, c).CopyTo(main[c].AsSpan(b * Block));
                    harness.Output(1, c).CopyTo(vocals[c].AsSpan(b * Block));
                }
            }
        }

        Assert.Equal(1, module.Exit());
        Assert.Equal(live, module.LiveObjectCount());
        // 48 kHz runs through the 44.1 kHz model and back: -60 dB once the resamplers have started (as RenderTests).
        Assert.True(Audio.MaxDelayedError(input, main, latency, to: latency - Block) < 1e-6);
        Assert.True(Audio.MaxDelayedError(input, main, latency, from: latency + Block) < 1e-3);
        Assert.True(Audio.MaxDelayedError(input, vocals, latency, from: latency + Block) < 1e-3);
        Assert.True(Audio.Peak(main, from: latency + Block) > 0.1, "the compared stretch holds the music, not silence");
    }

    /// <summary>The product binary, loaded once per process: a NativeAOT library cannot be unloaded.</summary>
    private Vst3Module Load()
    {
        lock (s_lock)
            return s_module ??= Vst3Module.LoadNative(bundle.BinaryPath);
    }

    /// <summary>Plain values to the normalized values a host sends, from the ranges ARCHITECTURE.md gives.</summary>
    private static class Normalized
    {
        public static double Gain(double decibels) => (decibels + 24) / 36; // Output gain: -24..+12 dB
    }
}
