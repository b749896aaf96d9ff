using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Devices;

/// <summary>
/// The device a session will run on, as <see cref="DeviceManager"/> found it: provider, a human-readable name, its
/// measured capability, and why a requested device was not used (shown to the user as the plug-in's device readout).
/// </summary>
public sealed record ExecutionDevice
{
    public required ExecutionProvider Provider { get; init; }

    public int DeviceId { get; init; }

    /// <summary>CPU model or GPU description.</summary>
    public required string DeviceName { get; init; }

    public DeviceTier Tier { get; init; }

    /// <summary>fp32 MatMul throughput measured by the probe, or null when not measured.</summary>
    public double? MeasuredGflops { get; init; }

    /// <summary>Memory available to the device (system memory for the CPU), or null when unknown.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Intra-op CPU threads sessions on this device use.</summary>
    public int Threads { get; init; }

    /// <summary>Why the requested provider was not chosen, or null when it was.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>Session settings for this device, keeping the threading choices of <paramref name="template"/>.</summary>
    public InferenceSettings ToSettings(InferenceSettings? template = null) =>
        (template ?? new InferenceSettings()) with { Provider = Provider, DeviceId = DeviceId, IntraOpThreads = Threads };

    public override string ToString()
    {
        string gflops = MeasuredGflops is double g ? $", {g:F0} GFLOP/s" : "";
        string fallback = FallbackReason is null ? "" : $" (fallback: {FallbackReason})";
        return $"{Provider}: {DeviceName} [{Tier}{gflops}, {Threads} threads]{fallback}";
    }
}
