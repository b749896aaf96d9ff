using LocoformerVst.Inference.Chunking;

namespace LocoformerVst.Streaming;

/// <summary>The user's trade between delay and separation quality: longer chunks give the model more context.</summary>
public enum LatencyMode
{
    Low = 0,
    Balanced = 1,
    Quality = 2,
}

/// <summary>The chunking behind each <see cref="LatencyMode"/>.</summary>
public static class LatencyModes
{
    public static IReadOnlyList<LatencyMode> All { get; } = [LatencyMode.Low, LatencyMode.Balanced, LatencyMode.Quality];

    /// <summary>
    /// (left context, kept frames, look-ahead) per mode: Low 8/8/4 (20-frame runs), Balanced 12/24/8 (44), Quality
    /// 16/48/16 (80). Every run recomputes its context, so a plan costs (L + N + R) / N frames per kept frame: 2.5,
    /// 1.83 and 1.67 here. Context is kept short enough that the CPU model keeps up in Balanced on 2 cores; the lite
    /// models are trained on exactly these run lengths (and the offline 64).
    /// </summary>
    public static ChunkPlan Plan(LatencyMode mode) => mode switch
    {
        LatencyMode.Low => new ChunkPlan(8, 8, 4),
        LatencyMode.Balanced => new ChunkPlan(12, 24, 8),
        LatencyMode.Quality => new ChunkPlan(16, 48, 16),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown latency mode"),
    };
}
