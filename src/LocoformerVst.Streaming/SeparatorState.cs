using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Streaming;

/// <summary>Everything Prepare allocates for one configuration.</summary>
internal sealed class SeparatorState
{
    public SeparatorState(SeparatorSetup setup, ChunkSession session, LatencyMode mode)
    {
        Channels = setup.Channels;
        AuxStems = setup.AuxStems;
        MaxBlock = setup.MaxBlockSize;
        var plan = LatencyModes.Plan(mode);
        Budget = LatencyCalculator.Compute(setup.HostSampleRate, setup.MaxBlockSize, plan);
        var main = setup.MainMix ?? StemMix.Single(session.StemCount, 0);
        Pipeline = new ChunkedSeparationPipeline(session, plan, Channels, main, AuxStems);
        // Warm the session at its final shape so the first real chunk is not slowed by first-run setup.
        for (int i = 0; i < 2; i++)
        {
            session.Input.Clear();
            session.Run();
        }

        int ringChannels = Channels * (1 + AuxStems);
        int internalBlock = LatencyCalculator.InternalBlockFrames(setup.HostSampleRate, MaxBlock);
        int chunkSamples = plan.NewFrames * ModelContract.Hop;
        InputRing = new SpscRing(Channels, Math.Max(1 << 18, 4 * (Budget.InternalFrames + chunkSamples)));
        OutputRing = new SpscRing(ringChannels, 2 * (Budget.InternalFrames + chunkSamples + Pipeline.MaxOutputSamplesPerChunk + internalBlock));
        Worker = new SeparationWorker(Pipeline, InputRing, OutputRing, Budget.InternalFrames);
        if (setup.HostSampleRate != ModelContract.SampleRate)
        {
            ToModel = new StreamingResampler(setup.HostSampleRate, ModelContract.SampleRate, Channels);
            ToHost = new StreamingResampler(ModelContract.SampleRate, setup.HostSampleRate, ringChannels);
        }

        Dry = new DelayLine(Channels, Budget.HostSamples);
        HostIn = Planar(Channels, MaxBlock);
        HostDry = Planar(Channels, MaxBlock);
        HostWet = Planar(ringChannels, MaxBlock + 8);
        ModelIn = Planar(Channels, internalBlock + 8);
        ModelOut = Planar(ringChannels, internalBlock + 8);
        FadeStep = 1f / Math.Max(1, LatencyCalculator.FadeFrames * setup.HostSampleRate / ModelContract.SampleRate);
        Clear();
    }

    public int Channels { get; }
    public int AuxStems { get; }
    public int MaxBlock { get; }
    public LatencyBudget Budget { get; }
    public ChunkedSeparationPipeline Pipeline { get; }
    public SpscRing InputRing { get; }
    public SpscRing OutputRing { get; }
    public SeparationWorker Worker { get; }
    public StreamingResampler? ToModel { get; }
    public StreamingResampler? ToHost { get; }
    public DelayLine Dry { get; }
    public float[][] HostIn { get; }
    public float[][] HostDry { get; }
    public float[][] HostWet { get; }
    public float[][] ModelIn { get; }
    public float[][] ModelOut { get; }
    public float FadeStep { get; }
    public bool WetTarget { get; set; }
    public float WetLevel { get; set; }
    public float BypassLevel { get; set; }
    public int CarryFrames { get; set; }

    /// <summary>Moves wet frames produced beyond this block (upsampling) to the front for the next block.</summary>
    public void ShiftCarry(int consumed)
    {
        if (CarryFrames <= 0) return;
        foreach (var ch in HostWet) Array.Copy(ch, consumed, ch, 0, CarryFrames);
    }

    /// <summary>Back to the prepared state: empty rings with the latency prefilled, fresh filters. Worker stopped.</summary>
    public void Clear()
    {
        InputRing.Clear();
        OutputRing.Clear();
        OutputRing.WriteSilence(Budget.InternalFrames);
        Pipeline.Reset();
        ToModel?.Reset();
        ToHost?.Reset();
        Dry.Clear();
        WetTarget = true;
        WetLevel = 1f;
        BypassLevel = 0f;
        CarryFrames = 0;
    }

    private static float[][] Planar(int channels, int frames)
    {
        var a = new float[channels][];
        for (int c = 0; c < channels; c++) a[c] = new float[frames];
        return a;
    }
}
