using LocoformerVst.Streaming;

namespace LocoformerVst.Plugin;

/// <summary>Everything one activation asks of the engine; two equal requests can share a prepared engine.</summary>
internal sealed record EngineRequest(
    int SampleRate,
    int MaxBlockSize,
    bool Offline,
    PluginMode Mode,
    StemChoice Stem,
    ModelChoice Model,
    LatencyMode Latency,
    PluginSettings Settings);
