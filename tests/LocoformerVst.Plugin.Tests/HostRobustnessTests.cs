using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>
/// The real product binary in this process, called the ways hosts really call it: parameter flushes without audio,
/// mixed mono/stereo bus requests, lifecycle calls out of order, and two instances at once. Each call answers a result code and
/// the plugin keeps rendering the input delayed by its reported latency (identity stand-in model, 44.1 kHz offline).
/// </summary>
[Collection(ProductBundleCollection.Name)]
public sealed unsafe class HostRobustnessTests(ProductBundleFixture bundle)
{
    private const int Block = 512;
    private const int Rate = 44100;
    private const double NullTolerance = 1e-5; // 44.1 kHz: no resampling, the identity model returns its input

    // ARCHITECTURE.md at 44.1 kHz: (2N + R)·hop + (n_fft − hop) + max block + 128.
    private static int LatencyOf(int hops, int maxBlock) => hops * 512 + 1536 + maxBlock + 128;

    [Fact]
    public void A_flush_with_no_samples_and_null_buffers_applies_its_parameter_changes()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        float[][] input, main;
        int latency;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        {
            plugin.Start(ProcessMode.Offline, Block, Rate);
            latency = (int)plugin.Processor.GetLatencySamples();
            var changes = new TestParameterChanges();

            // No buses at all.
            changes.Add(LocoformerParameters.OutputGain, 0, ProductPlugin.GainValue(-6));
            ProcessData flush = default;
            flush.SymbolicSampleSize = Vst.SampleSize32;
            flush.InputParameterChanges = changes.Pointer;
            Assert.Equal(Result.Ok, plugin.Processor.Process(&flush));

            // Buses that declare stereo but carry null channel arrays, as some hosts send between transport runs.
            changes.Clear();
            changes.Add(LocoformerParameters.Mix, 0, 0.25);
            AudioBusBuffers inBus = new() { NumChannels = 2 }, outBus = new() { NumChannels = 2 };
            flush.Inputs = &inBus;
            flush.NumInputs = 1;
            flush.Outputs = &outBus;
            flush.NumOutputs = 1;
            Assert.Equal(Result.Ok, plugin.Processor.Process(&flush));

            // The harness's real buffers, zero samples.
            changes.Clear();
            changes.Add(LocoformerParameters.Mode, 0, 0.0);
            Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(0, ProcessMode.Offline, changes.Pointer, null)));
            changes.Release();

            input = Audio.Music(latency + Rate / 2, Rate, seed: 11);
            main = ProductPlugin.Render(plugin, harness, input, () => Block);

            // The saved state carries the flushed values to the controller.
            var state = new TestStream();
            Assert.Equal(Result.Ok, plugin.Component.GetState(state.Pointer));
            state.Rewind();
            Assert.Equal(Result.Ok, plugin.Controller.SetComponentState(state.Pointer));
            Assert.Equal(ProductPlugin.GainValue(-6), plugin.Controller.GetParamNormalized(LocoformerParameters.OutputGain), 12);
            Assert.Equal(0.25, plugin.Controller.GetParamNormalized(LocoformerParameters.Mix), 12);
            state.Release();
        }
        Assert.Equal(1, module.Exit());

        // The gain flushed before the first sample applies to the whole render: -6 dB of the delayed input.
        Assert.True(Audio.MaxDelayedError(input, main, latency, gain: Math.Pow(10, -6 / 20.0)) < NullTolerance);
        Assert.True(Audio.Peak(main, from: latency) > 0.05, "the compared stretch holds the music, not silence");
    }

    [Fact]
    public void Mixed_mono_and_stereo_bus_requests_are_refused_with_kResultFalse_and_the_plugin_stays_stereo()
    {
        const ulong mono = SpeakerArrangement.Mono, stereo = SpeakerArrangement.Stereo;
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        float[][] input, main;
        int latency;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        {
            // Mono is accepted only on every bus at once (MonoTrackTests); any mix, or a wrong bus count, is refused.
            ulong[] stereoAux = [stereo, stereo, stereo, stereo, stereo];
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([mono], [mono, .. stereoAux]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([mono], [stereo, .. stereoAux]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([stereo], [mono, .. stereoAux]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([mono], [mono]));
            Assert.Equal(Result.False, plugin.Processor.SetBusArrangements([], []));
            Assert.Equal(Result.Ok, plugin.Processor.GetBusArrangement((int)BusDirection.Input, 0, out ulong inArrangement));
            Assert.Equal(stereo, inArrangement);
            for (int bus = 0; bus < ProductPlugin.OutputChannels.Length; bus++)
            {
                Assert.Equal(Result.Ok, plugin.Processor.GetBusArrangement((int)BusDirection.Output, bus, out ulong outArrangement));
                Assert.Equal(stereo, outArrangement);
            }
            Assert.Equal(Result.Ok, plugin.Processor.SetBusArrangements([stereo], [stereo, .. stereoAux]));

            plugin.Start(ProcessMode.Offline, Block, Rate);
            latency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(latency + Rate / 2, Rate, seed: 12);
            main = ProductPlugin.Render(plugin, harness, input, () => Block);

            // A host that ignores the refusal and hands over one channel per main bus: the missing channel reads as
            // silence and the call still succeeds with finite output.
            using var monoHarness = new ProcessHarness([1], [1, 2, 2, 2, 2, 2], Block);
            for (int b = 0; b < 8; b++)
            {
                input[0].AsSpan(b * Block, Block).CopyTo(monoHarness.Input(0, 0));
                Assert.Equal(Result.Ok, plugin.Processor.Process(monoHarness.Prepare(Block, ProcessMode.Offline, null, null)));
                Assert.True(monoHarness.Output(0, 0).ToArray().All(float.IsFinite));
            }
        }
        Assert.Equal(1, module.Exit());

        Assert.True(Audio.MaxDelayedError(input, main, latency) < NullTolerance);
        Assert.True(Audio.Peak(main, from: latency) > 0.1, "the compared stretch holds the music, not silence");
    }

    [Fact]
    public void Lifecycle_calls_in_and_out_of_order_answer_result_codes_and_the_plugin_still_renders_afterwards()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        float[][] input, main;
        int latency;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harness = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        {
            int ProcessOneBlock() => plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null));
            // Before any activation.
            Assert.Equal(Result.NotInitialized, ProcessOneBlock());
            Assert.Equal(Result.False, plugin.Processor.SetProcessing(true));
            Assert.Equal(Result.Ok, plugin.Component.SetActive(false));

            // setActive before setupProcessing: activates with the defaults (44.1 kHz, 1024-sample blocks, realtime).
            Assert.Equal(Result.Ok, plugin.Component.SetActive(true));
            Assert.Equal(LatencyOf(56, 1024), (int)plugin.Processor.GetLatencySamples());
            Assert.Equal(Result.False, plugin.Processor.SetupProcessing(ProcessMode.Offline, Block, 96000)); // only while inactive
            Assert.Equal(Result.Ok, plugin.Component.SetActive(true)); // repeated: no-op
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(true));
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(true)); // twice
            Assert.Equal(Result.Ok, ProcessOneBlock());
            Assert.Equal(Result.InvalidArgument, plugin.Processor.Process(harness.Prepare(1025, ProcessMode.Realtime, null, null)));
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(false));
            Assert.Equal(Result.Ok, plugin.Processor.SetProcessing(false));

            Assert.Equal(Result.Ok, plugin.Component.SetActive(false));
            Assert.Equal(Result.Ok, plugin.Component.SetActive(false)); // twice
            Assert.Equal(Result.NotInitialized, ProcessOneBlock());
            Assert.Equal(Result.False, plugin.Processor.SetProcessing(false));

            // Terminate while active and processing, then terminate again, then a fresh initialize.
            plugin.Start(ProcessMode.Realtime, Block, Rate);
            Assert.Equal(Result.Ok, ProcessOneBlock());
            Assert.Equal(Result.Ok, plugin.Component.Terminate());
            Assert.Equal(Result.NotInitialized, ProcessOneBlock());
            Assert.Equal(Result.False, plugin.Processor.SetProcessing(true));
            Assert.Equal(Result.Ok, plugin.Component.Terminate());
            Assert.Equal(Result.Ok, plugin.Component.Initialize(null));
            Assert.Equal(Result.False, plugin.Component.Initialize(null)); // already initialized

            plugin.Start(ProcessMode.Offline, Block, Rate);
            latency = (int)plugin.Processor.GetLatencySamples();
            input = Audio.Music(latency + Rate / 2, Rate, seed: 13);
            main = ProductPlugin.Render(plugin, harness, input, () => Block);
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(LatencyOf(56, Block), latency);
        Assert.True(Audio.MaxDelayedError(input, main, latency) < NullTolerance);
        Assert.True(Audio.Peak(main, from: latency) > 0.1, "the compared stretch holds the music, not silence");
    }

    [Fact]
    public void Two_instances_in_one_process_keep_their_own_parameters_latency_and_output()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        double quietGain = Math.Pow(10, -12 / 20.0);
        float[][] inA, inB;
        float[][] outA, outB;
        int latencyA, latencyB;
        byte[] stateA, stateB;
        using (var a = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var b = new PluginInstance(module, ProductPlugin.ProcessorCid))
        using (var harnessA = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        using (var harnessB = new ProcessHarness([2], ProductPlugin.OutputChannels, Block))
        {
            // A: Low latency at -12 dB; B: Quality latency at 0 dB. Both set through setState before activation.
            SetState(a, StateBlobs.FromWriter((LocoformerParameters.Latency, 0), (LocoformerParameters.OutputGain, -12)));
            SetState(b, StateBlobs.FromWriter((LocoformerParameters.Latency, 2)));
            a.Start(ProcessMode.Offline, Block, Rate);
            b.Start(ProcessMode.Offline, Block, Rate);
            latencyA = (int)a.Processor.GetLatencySamples();
            latencyB = (int)b.Processor.GetLatencySamples();

            int frames = (Math.Max(latencyA, latencyB) + Rate / 2) / Block * Block;
            inA = Audio.Music(frames, Rate, seed: 21);
            inB = Audio.Music(frames, Rate, seed: 22);
            outA = [new float[frames], new float[frames]];
            outB = [new float[frames], new float[frames]];
            // Interleaved, block by block, as a host's one audio thread runs two tracks.
            for (int at = 0; at < frames; at += Block)
            {
                RunBlock(a, harnessA, inA, outA, at);
                RunBlock(b, harnessB, inB, outB, at);
            }
            stateA = GetState(a);
            stateB = GetState(b);
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(LatencyOf(20, Block), latencyA);
        Assert.Equal(LatencyOf(112, Block), latencyB);
        Assert.NotEqual(stateA, stateB);
        Assert.True(Audio.MaxDelayedError(inA, outA, latencyA, gain: quietGain) < NullTolerance);
        Assert.True(Audio.MaxDelayedError(inB, outB, latencyB) < NullTolerance);
        Assert.True(Audio.Peak(outA, from: latencyA) > 0.05 && Audio.Peak(outB, from: latencyB) > 0.1,
            "both compared stretches hold music, not silence");
    }

    private static void RunBlock(PluginInstance plugin, ProcessHarness harness, float[][] input, float[][] output, int at)
    {
        for (int c = 0; c < 2; c++)
            input[c].AsSpan(at, Block).CopyTo(harness.Input(0, c));
        Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Offline, null, null)));
        for (int c = 0; c < 2; c++)
            harness.Output(0, c).CopyTo(output[c].AsSpan(at));
    }

    private static void SetState(PluginInstance plugin, byte[] blob)
    {
        var stream = new TestStream(blob);
        Assert.Equal(Result.Ok, plugin.Component.SetState(stream.Pointer));
        stream.Release();
    }

    private static byte[] GetState(PluginInstance plugin)
    {
        var stream = new TestStream();
        Assert.Equal(Result.Ok, plugin.Component.GetState(stream.Pointer));
        byte[] bytes = stream.ToArray();
        stream.Release();
        return bytes;
    }
}
