using LocoformerVst.Inference.Devices;

namespace LocoformerVst.Inference.Runtime;

/// <summary>How to run a model: execution provider, CPU threads and spinning, and whether to share a thread pool.</summary>
public sealed record InferenceSettings
{
    /// <summary>
    /// Default intra-op threads: all logical processors up to 4. A plug-in shares the machine with its host, and the
    /// per-chunk MatMuls stop scaling well beyond a few threads (locoformer.md §7).
    /// </summary>
    public static int DefaultIntraOpThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);

    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>GPU index for CUDA / DirectML; ignored by CPU and CoreML.</summary>
    public int DeviceId { get; init; }

    /// <summary>Intra-op threads of a per-session pool (always set explicitly: ORT's 0 means "every physical core").</summary>
    public int IntraOpThreads { get; init; } = DefaultIntraOpThreads;

    /// <summary>
    /// Let idle pool threads spin between operators. On: lowest latency (2.60 ms vs 4.62 ms p50 in §7's test) but
    /// ~2x the CPU time; off suits hosts with many instances.
    /// </summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>
    /// Run on the process-wide pool of <see cref="SharedOrtEnvironment"/> instead of a pool per session, so that
    /// several plug-in instances do not each start their own threads. Requires SharedOrtEnvironment.Initialize first.
    /// </summary>
    public bool UseSharedThreadPool { get; init; }

    /// <summary>Throws ArgumentOutOfRangeException for settings no session can use.</summary>
    public void Validate()
    {
        if (IntraOpThreads < 1 || IntraOpThreads > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "intra-op threads must be 1..256");
        }

        if (DeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeviceId), DeviceId, "device id must be >= 0");
        }
    }
}
