using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>
/// The real product binary on a mono track, as a host negotiates it: setBusArrangements with mono main buses and mono
/// stems, what getBusArrangement and getBusInfo then report, renders through the identity stand-in model (44.1 kHz,
/// offline) that must null against the input exactly as in stereo, and through the random 5-stem model, where mono
/// must equal the mean of the two channels a stereo render of the same signal gives.
/// </summary>
[Collection(ProductBundleCollection.Name)]
public sealed unsafe class MonoTrackTests(ProductBundleFixture bundle)
{
    private const int Block = 512;
    private const int Rate = 44100;
    private const double NullTolerance = 1e-5; // 44.1 kHz: no resampling, the identity model returns its input
    private const ulong Mono = SpeakerArrangement.Mono, Stereo = SpeakerArrangement.Stereo;
    private const int Vocals = 1, Drums = 2, Instruments = 4; // output bus indices (0 = main)

    [Fact]
    public void A_mono_track_gets_mono_on_every_bus_the_stereo_latency_and_the_input_back_on_main_and_vocals()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        int stereoLatency, monoLatency;
        float[] input;
        float[][] outputs;
        double? status;
        using (var stereo = new PluginInstance(module, ProductPlugin.ProcessorCid))
        {
            stereo.Start(ProcessMode.Offline, Block, Rate);
            stereoLatency = (int)stereo.Processor.GetLatencySamples();
        }
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([1], ProductPlugin.MonoOutputChannels, Block))
        {
            Assert.Equal(Result.Ok, ProductPlugin.SetChannels(plugin, 1));
            AssertEveryBus(plugin, 1);

            plugin.Start(ProcessMode.Offline, Block, Rate);
            monoLatency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(monoLatency + Rate / 2, Rate, seed: 21)[0];
            var reported = new TestParameterChanges();
            outputs = [.. RenderBuses(plugin, harness, [input], reported).Select(bus => bus[0])];
            status = reported.Last(LocoformerParameters.Status);
            reported.Release();
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(stereoLatency, monoLatency);
        Assert.Equal(2.0 / 4.0, status); // "Running (stand-in model)": the separator ran, not the pass-through
        Assert.True(Audio.MaxDelayedError([input], [outputs[0]], monoLatency) < NullTolerance);
        Assert.True(Audio.MaxDelayedError([input], [outputs[Vocals]], monoLatency) < NullTolerance);
        Assert.True(Audio.Peak([outputs[0]], from: monoLatency) > 0.1, "the compared stretch holds the music, not silence");
        Assert.True(Audio.Peak([outputs[Vocals]], from: monoLatency) > 0.1, "the mono vocals bus carries the stem");
        Assert.True(Audio.Peak([outputs[Instruments]]) < 1e-6, "the identity model's instrumental stem is silent");
        Assert.True(Audio.Peak([outputs[Drums]]) < 1e-6, "a 2-stem model has no drums stem: its bus stays silent");
    }

    [Fact]
    public void Mixed_requests_are_refused_and_a_mono_plugin_renders_stereo_again_after_switching_back()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        ulong[] stereoStems = [Stereo, Stereo, Stereo, Stereo, Stereo], monoStems = [Mono, Mono, Mono, Mono, Mono];
        int monoLatency, stereoLatency;
        float[] monoInput;
        float[][] monoOutputs, stereoInput, stereoMain;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        {
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Stereo, .. stereoStems]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Stereo], [Mono, .. monoStems]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Mono, .. stereoStems]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Mono], [Mono, Mono, Mono, Mono, Mono, Stereo]));
            AssertEveryBus(plugin, 2);

            Assert.Equal(Result.Ok, ProductPlugin.SetChannels(plugin, 1));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([Stereo], [Mono, .. monoStems]));
            AssertEveryBus(plugin, 1); // a refused request leaves mono as it was

            using (var harness = new ProcessHarness([1], ProductPlugin.MonoOutputChannels, Block))
            {
                plugin.Start(ProcessMode.Offline, Block, Rate);
                Assert.Equal(Result.False, ProductPlugin.SetChannels(plugin, 2)); // not while active
                monoLatency = (int)plugin.Processor.GetLatencySamples();
                monoInput = Audio.Music(monoLatency + Rate / 4, Rate, seed: 22)[1];
                monoOutputs = [.. RenderBuses(plugin, harness, [monoInput]).Select(bus => bus[0])];
            }
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(false));
            Assert.Equal(Result.Ok, plugin.Component.SetActive(false));

            Assert.Equal(Result.Ok, ProductPlugin.SetChannels(plugin, 2));
            AssertEveryBus(plugin, 2);
            using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
            {
                plugin.Start(ProcessMode.Offline, Block, Rate);
                stereoLatency = (int)plugin.Processor.GetLatencySamples();
                stereoInput = Audio.Music(stereoLatency + Rate / 4, Rate, seed: 23);
                stereoMain = ProductPlugin.Render(plugin, harness, stereoInput, () => Block);
            }
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(monoLatency, stereoLatency);
        Assert.True(Audio.MaxDelayedError([monoInput], [monoOutputs[0]], monoLatency) < NullTolerance);
        // Both channels of the new stereo engine, each its own signal (the seed gives L and R different tones).
        Assert.True(Audio.MaxDelayedError(stereoInput, stereoMain, stereoLatency) < NullTolerance);
        Assert.True(Audio.Peak([stereoMain[0]], from: stereoLatency) > 0.1 && Audio.Peak([stereoMain[1]], from: stereoLatency) > 0.1,
            "both stereo channels carry music");
    }

    [Fact]
    public void Mono_through_the_five_stem_model_is_the_mean_of_both_channels_of_the_same_signal_played_in_stereo()
    {
        // A model that mixes its channels (random weights) tells "both model channels carry the mono signal and the
        // output is their mean" apart from "left only" or "left in, left out": only the first matches this reference.
        byte[] state = StateBlobs.FromWriter((LocoformerParameters.Model, 1), (LocoformerParameters.Latency, 0));
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        float[] signal;
        float[][][] stereoOut, monoOut;
        int stereoLatency, monoLatency;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        {
            SetState(plugin, state);
            plugin.Start(ProcessMode.Offline, Block, Rate);
            stereoLatency = (int)plugin.Processor.GetLatencySamples();
            signal = Audio.Music(stereoLatency + Rate / 4, Rate, seed: 24)[0];
            stereoOut = RenderBuses(plugin, harness, [signal, signal]);
        }
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([1], ProductPlugin.MonoOutputChannels, Block))
        {
            SetState(plugin, state);
            Assert.Equal(Result.Ok, ProductPlugin.SetChannels(plugin, 1));
            plugin.Start(ProcessMode.Offline, Block, Rate);
            monoLatency = (int)plugin.Processor.GetLatencySamples();
            monoOut = RenderBuses(plugin, harness, [signal]);
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(stereoLatency, monoLatency);
        foreach (int bus in new[] { 0, Drums })
        {
            float[] left = stereoOut[bus][0], right = stereoOut[bus][1];
            float[] mean = [.. left.Zip(right, (l, r) => 0.5f * (l + r))];
            double peak = Audio.Peak([mean], from: stereoLatency);
            Assert.True(peak > 1e-3, $"bus {bus} carries the model's output");
            Assert.True(Audio.MaxDelayedError([left], [right], 0) > 0.05 * peak,
                $"bus {bus}: the model gives the two channels of one signal different outputs");
            Assert.True(Audio.MaxDelayedError([mean], monoOut[bus], 0) < 1e-4 * peak,
                $"bus {bus}: mono = mean of the stereo channels (error {Audio.MaxDelayedError([mean], monoOut[bus], 0)}, peak {peak})");
        }
    }

    /// <summary>Every bus, input and output, reports <paramref name="channels"/> through getBusArrangement and getBusInfo.</summary>
    private static void AssertEveryBus(PluginInstance plugin, int channels)
    {
        ulong expected = channels == 1 ? Mono : Stereo;
        foreach (BusDirection direction in new[] { BusDirection.Input, BusDirection.Output })
        {
            int count = plugin.Component.GetBusCount(Vst.MediaTypeAudio, (int)direction);
            Assert.Equal(direction == BusDirection.Input ? 1 : ProductPlugin.OutputChannels.Length, count);
            for (int bus = 0; bus < count; bus++)
            {
                Assert.Equal(Result.Ok, plugin.Processor.GetBusArrangement((int)direction, bus, out ulong arrangement));
                Assert.Equal(expected, arrangement);
                Assert.Equal(Result.Ok, plugin.Component.GetBusInfo((int)direction, bus, out BusInfo info));
                Assert.Equal(channels, info.ChannelCount);
            }
        }
    }

    /// <summary>Runs <paramref name="input"/> (as many channels as the harness's buses have) through in blocks of
    /// <see cref="Block"/> and returns every output bus (main, then the five stems) as [bus][channel][sample].
    /// <paramref name="reported"/>, if given, collects the last call's output parameters.</summary>
    private static float[][][] RenderBuses(PluginInstance plugin, ProcessHarness harness, float[][] input,
        TestParameterChanges? reported = null)
    {
        int frames = input[0].Length;
        int channels = input.Length;
        float[][][] outputs = [.. ProductPlugin.OutputChannels.Select(_ => Enumerable.Range(0, channels).Select(_ => new float[frames]).ToArray())];
        for (int at = 0; at < frames; at += Block)
        {
            int n = Math.Min(Block, frames - at);
            for (int c = 0; c < channels; c++)
                input[c].AsSpan(at, n).CopyTo(harness.Input(0, c));
            reported?.Clear();
            Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(n, ProcessMode.Offline, null,
                reported is null ? null : reported.Pointer)));
            for (int bus = 0; bus < outputs.Length; bus++)
            {
                for (int c = 0; c < channels; c++)
                    harness.Output(bus, c)[..n].CopyTo(outputs[bus][c].AsSpan(at));
            }
        }
        return outputs;
    }

    private static void SetState(PluginInstance plugin, byte[] blob)
    {
        var stream = new TestStream(blob);
        Assert.Equal(Result.Ok, plugin.Component.SetState(stream.Pointer));
        stream.Release();
    }
}
