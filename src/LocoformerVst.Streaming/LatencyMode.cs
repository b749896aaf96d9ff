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
    /// Low keeps 4 frames per run with 8 frames of history and 4 of look-ahead (16-frame runs); Balanced and Quality
    /// use 16 and 32 frames for each part. Short runs cost more per kept frame (Low computes 4 frames per kept frame,
    /// the others 3), which the capability check accounts for.
    /// </summary>
    public static ChunkPlan Plan(LatencyMode mode) => mode switch
    {
        LatencyMode.Low => new ChunkPlan(8, 4, 4),
        LatencyMode.Balanced => new ChunkPlan(16, 16, 16),
        LatencyMode.Quality => new ChunkPlan(32, 32, 32),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown latency mode"),
    };
}
