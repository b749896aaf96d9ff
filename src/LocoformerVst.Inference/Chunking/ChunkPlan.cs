using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Chunking;

/// <summary>
/// The frames one model run sees: <see cref="LeftContext"/> frames already emitted, <see cref="NewFrames"/> frames whose
/// output is kept, and <see cref="RightContext"/> frames of look-ahead. Rotary positions restart in every chunk, so the
/// context frames are what keeps chunk boundaries inaudible.
/// </summary>
public readonly record struct ChunkPlan
{
    public ChunkPlan(int leftContext, int newFrames, int rightContext)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leftContext);
        ArgumentOutOfRangeException.ThrowIfLessThan(newFrames, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rightContext);
        LeftContext = leftContext;
        NewFrames = newFrames;
        RightContext = rightContext;
    }

    public int LeftContext { get; }

    public int NewFrames { get; }

    public int RightContext { get; }

    /// <summary>Frames per model run: L + N + R.</summary>
    public int TotalFrames => LeftContext + NewFrames + RightContext;

    /// <summary>The chunking a model's manifest recommends.</summary>
    public static ChunkPlan FromManifest(ModelManifest manifest) =>
        new(manifest.Chunk.LeftContext, manifest.Chunk.Frames, manifest.Chunk.RightContext);

    public override string ToString() => $"L {LeftContext} + N {NewFrames} + R {RightContext} frames";
}
