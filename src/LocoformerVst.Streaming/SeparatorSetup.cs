using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Streaming;

/// <summary>How the host runs a block: real time (never wait), prefetch or offline (waiting for the model is allowed).</summary>
public enum HostProcessMode
{
    Realtime = 0,
    Prefetch = 1,
    Offline = 2,
}

/// <summary>Everything <see cref="RealtimeSeparator.Prepare"/> needs; all allocation happens there.</summary>
public sealed record SeparatorSetup
{
    /// <summary>Host sample rate, 22,050 to 384,000 Hz.</summary>
    public required int HostSampleRate { get; init; }

    /// <summary>Largest block the host will pass to Process.</summary>
    public required int MaxBlockSize { get; init; }

    /// <summary>Main bus channels: 1 or 2.</summary>
    public int Channels { get; init; } = 2;

    public required ModelEntry Model { get; init; }

    /// <summary>Requested latency; the capability check may move to a longer mode that keeps up.</summary>
    public LatencyMode LatencyMode { get; init; } = LatencyMode.Balanced;

    /// <summary>Stem gains of the main output; null means the model's first stem.</summary>
    public StemMix? MainMix { get; init; }

    /// <summary>Stems also delivered on their own (aux outputs): 0, or up to the model's stem count.</summary>
    public int AuxStems { get; init; }

    /// <summary>Execution device (from the device manager); null runs on the CPU with default settings.</summary>
    public ExecutionDevice? Device { get; init; }

    /// <summary>Whether to time chunk inferences to decide real-time capability (tests with trivial models may skip it).</summary>
    public bool MeasureCapability { get; init; } = true;

    /// <summary>Lowest host rate the resamplers accept.</summary>
    public const double MinHostSampleRate = 22_050;

    /// <summary>Highest host rate the resamplers accept.</summary>
    public const double MaxHostSampleRate = 384_000;

    /// <summary>Whether the separator runs at <paramref name="rate"/> (a plugin can refuse other rates up front).</summary>
    public static bool SupportsHostSampleRate(double rate) => rate is >= MinHostSampleRate and <= MaxHostSampleRate;

    internal void Validate()
    {
        if (!SupportsHostSampleRate(HostSampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(HostSampleRate), HostSampleRate, "supported host rates are 22,050 to 384,000 Hz");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBlockSize, 1 << 16);
        if (Channels is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "the main bus must be mono or stereo");
        ArgumentOutOfRangeException.ThrowIfNegative(AuxStems);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AuxStems, Model.Manifest.Stems.Count);
    }
}
