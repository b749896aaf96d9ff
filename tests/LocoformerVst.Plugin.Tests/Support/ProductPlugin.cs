using LocoformerVst.Vst3;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>
/// The published product binary loaded into this process (once: a NativeAOT library cannot be unloaded) and the block
/// loop the in-process robustness tests share: input copied in, process() called, main output copied out.
/// </summary>
public static unsafe class ProductPlugin
{
    // The product's stable processor class ID (moduleinfo.json "cid").
    public static readonly Tuid ProcessorCid = Tuid.FromGuid(new Guid("5C1B2A1E-3D0F-4E8A-9B6C-7A24D1E0F317"));

    /// <summary>Main out + the Vocals, Drums, Bass, Instruments and FX aux outputs, all stereo.</summary>
    public static readonly int[] OutputChannels = [2, 2, 2, 2, 2, 2];

    /// <summary>The same six outputs on a mono track: all mono.</summary>
    public static readonly int[] MonoOutputChannels = [1, 1, 1, 1, 1, 1];

    /// <summary>Asks for main in, main out and every aux out with <paramref name="channels"/> channels (setBusArrangements).</summary>
    public static int SetChannels(PluginInstance plugin, int channels)
    {
        ulong arrangement = SpeakerArrangement.ForChannels(channels);
        return plugin.Processor.SetBusArrangements([arrangement], [.. Enumerable.Repeat(arrangement, OutputChannels.Length)]);
    }

    private static readonly Lock s_lock = new();
    private static Vst3Module? s_module;

    public static Vst3Module Load(ProductBundleFixture bundle)
    {
        lock (s_lock)
            return s_module ??= Vst3Module.LoadNative(bundle.BinaryPath);
    }

    /// <summary>Runs <paramref name="input"/> through process() in blocks of <paramref name="nextBlock"/>() samples
    /// (cut at the end of the input) and returns the main output, as many channels as <paramref name="input"/> has (the
    /// harness's main buses must have that many). Every call must answer kResultOk.
    /// <paramref name="reported"/>, if given, collects the output parameters of the last call.</summary>
    public static float[][] Render(PluginInstance plugin, ProcessHarness harness, float[][] input, Func<int> nextBlock,
        ProcessMode mode = ProcessMode.Offline, TestParameterChanges? reported = null)
    {
        int frames = input[0].Length;
        int channels = input.Length;
        float[][] main = [.. input.Select(_ => new float[frames])];
        for (int at = 0; at < frames;)
        {
            int n = Math.Min(nextBlock(), frames - at);
            for (int c = 0; c < channels; c++)
                input[c].AsSpan(at, n).CopyTo(harness.Input(0, c));
            reported?.Clear();
            Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(n, mode, null, reported is null ? null : reported.Pointer)));
            for (int c = 0; c < channels; c++)
                harness.Output(0, c)[..n].CopyTo(main[c].AsSpan(at));
            at += n;
        }
        return main;
    }

    /// <summary>The normalized Status value a host sees for <paramref name="status"/> (5 names, 0..4).</summary>
    public static double StatusValue(EngineStatus status) => (int)status / 4.0;

    /// <summary>Output gain in dB to the normalized value a host sends (range -24..+12 dB, ARCHITECTURE.md).</summary>
    public static double GainValue(double decibels) => (decibels + 24) / 36;
}
