using LocoformerVst.Streaming;

namespace LocoformerVst.Plugin;

/// <summary>Everything one activation asks of the engine; two equal requests can share a prepared engine.
/// <c>Channels</c> is the main bus's negotiated count, 1 (mono) or 2 (stereo).</summary>
internal sealed record EngineRequest(
    int SampleRate,
    int MaxBlockSize,
    int Channels,
    bool Offline,
    PluginMode Mode,
    StemChoice Stem,
    ModelChoice Model,
    LatencyMode Latency,
    PluginSettings Settings);
