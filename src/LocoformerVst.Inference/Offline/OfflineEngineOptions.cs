using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Offline;

/// <summary>Settings shared by every job of one <see cref="OfflineEngine"/>.</summary>
public sealed record OfflineEngineOptions
{
    /// <summary>Execution provider and threads for the model sessions.</summary>
    public InferenceSettings Inference { get; init; } = new();

    /// <summary>Loaded sessions kept per model between jobs.</summary>
    public int MaxIdleSessionsPerModel { get; init; } = 1;
}
