using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;
using LocoformerVst.Vst3.TestPlugin;

namespace LocoformerVst.Vst3.Tests;

/// <summary>
/// setBusArrangements on a plugin that does not override the hook (the test plugin: stereo in, stereo main and aux
/// out): only the declared layout is accepted, everything else gets kResultFalse and the buses still report stereo.
/// Run against the NativeAOT .so and the JIT-compiled binding, as <see cref="InProcessHostTests"/>.
/// </summary>
public abstract unsafe class DefaultBusArrangementTests(Vst3Module module)
{
    private const ulong Mono = SpeakerArrangement.Mono, Stereo = SpeakerArrangement.Stereo;
    private const int Block = 128;

    [Fact]
    public void Without_an_override_only_the_declared_arrangement_is_accepted_and_mono_gets_kResultFalse()
    {
        Assert.Equal(1, module.Entry(null));
        using (var plugin = new PluginInstance(module))
        {
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Mono, Mono]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Stereo, Stereo]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Stereo], [Mono, Stereo]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Stereo], [Stereo])); // a bus short
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Stereo], [Stereo, Stereo, Stereo]));
            const ulong surroundPair = (1UL << 4) | (1UL << 5); // Ls|Rs: two channels, but not the stereo we report
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([surroundPair], [Stereo, Stereo]));
            AssertBuses(plugin, 2);

            Assert.Equal(Result.Ok, plugin.Processor.SetBusArrangements([Stereo], [Stereo, Stereo]));
            AssertBuses(plugin, 2);

            // The refusals left it fully working: stereo renders, main = gain × delayed input (0 dB, 1000 samples
            // by default), aux = the rest (silence at 0 dB).
            using var harness = new ProcessHarness([2], [2, 2], Block);
            plugin.Start(ProcessMode.Offline, Block, 48000);
            int latency = (int)plugin.Processor.GetLatencySamples();
            Assert.Equal(GainDelayPlugin.LatencyChoices[3], latency);
            var input = new float[2][];
            var output = new float[2][];
            const int blocks = 12;
            for (int c = 0; c < 2; c++)
            {
                input[c] = [.. Enumerable.Range(0, blocks * Block).Select(i => (float)Math.Sin(0.01 * i * (c + 1)))];
                output[c] = new float[blocks * Block];
            }
            for (int b = 0; b < blocks; b++)
            {
                for (int c = 0; c < 2; c++)
                    input[c].AsSpan(b * Block, Block).CopyTo(harness.Input(0, c));
                Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Offline, null, null)));
                for (int c = 0; c < 2; c++)
                    harness.Output(0, c).CopyTo(output[c].AsSpan(b * Block));
            }
            for (int c = 0; c < 2; c++)
            {
                for (int i = latency; i < blocks * Block; i++)
                    Assert.Equal(input[c][i - latency], output[c][i], 6);
            }

            // While active the arrangement cannot change; confirming the current one is harmless.
            Assert.Equal(Result.Ok, plugin.Processor.SetBusArrangements([Stereo], [Stereo, Stereo]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Mono, Mono]));
        }
        Assert.Equal(1, module.Exit());
    }

    private static void AssertBuses(PluginInstance plugin, int channels)
    {
        ulong expected = SpeakerArrangement.ForChannels(channels);
        foreach (BusDirection direction in new[] { BusDirection.Input, BusDirection.Output })
        {
            int count = plugin.Component.GetBusCount(Vst.MediaTypeAudio, (int)direction);
            Assert.Equal(direction == BusDirection.Input ? 1 : 2, count);
            for (int bus = 0; bus < count; bus++)
            {
                Assert.Equal(Result.Ok, plugin.Processor.GetBusArrangement((int)direction, bus, out ulong arrangement));
                Assert.Equal(expected, arrangement);
                Assert.Equal(Result.Ok, plugin.Component.GetBusInfo((int)direction, bus, out BusInfo info));
                Assert.Equal(channels, info.ChannelCount);
            }
        }
    }
}

[Collection(BundleCollection.Name)]
public sealed class NativeDefaultBusArrangementTests(PluginBundleFixture bundle)
    : DefaultBusArrangementTests(NativeModules.Load(bundle.BinaryPath));

[Collection(ManagedModuleCollection.Name)]
public sealed class ManagedDefaultBusArrangementTests() : DefaultBusArrangementTests(Vst3Module.Managed(typeof(GainDelayPlugin)));
