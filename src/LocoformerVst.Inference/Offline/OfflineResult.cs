using LocoformerVst.Inference.Chunking;

namespace LocoformerVst.Inference.Offline;

/// <summary>What a finished offline job produced: its files, the input it read, and how the audio changed.</summary>
public sealed record OfflineResult
{
    public required OfflineTask Task { get; init; }

    public required string InputPath { get; init; }

    public required AudioDescription Input { get; init; }

    /// <summary>Name of the model that ran.</summary>
    public required string Model { get; init; }

    /// <summary>The chunking the model ran with (the manifest's recommendation).</summary>
    public required ChunkPlan Plan { get; init; }

    /// <summary>The enhance preset, or null for other tasks.</summary>
    public string? Preset { get; init; }

    /// <summary>Every file written: audio outputs first, then spectrograms.</summary>
    public required IReadOnlyList<OfflineOutput> Outputs { get; init; }

    public required QualityMetrics Quality { get; init; }

    /// <summary>Model runs.</summary>
    public long Chunks { get; init; }

    /// <summary>Non-finite model output samples replaced by silence (non-zero means a broken model).</summary>
    public long NonFiniteSamples { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Processing time over the input's duration (below 1 is faster than real time).</summary>
    public double RealTimeFactor => Input.Duration > TimeSpan.Zero ? Elapsed / Input.Duration : double.NaN;
}

/// <summary>The input file as read: container, rate, channels and length.</summary>
public sealed record AudioDescription(string Container, int SampleRate, int Channels, long Frames)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Frames / SampleRate);
}

/// <summary>One written file. <see cref="Stats"/> is null for spectrograms.</summary>
public sealed record OfflineOutput(string Name, string Path, OfflineOutputKind Kind, SignalStats? Stats);

/// <summary>Kinds of files a job writes.</summary>
public enum OfflineOutputKind
{
    Audio,
    Spectrogram,
}

/// <summary>
/// Before/after figures. For clean and enhance, <see cref="Output"/> is the written result and the changes are
/// output minus input; separation writes several stems (see each output's stats), so those are null.
/// </summary>
/// <param name="Input">The input file.</param>
/// <param name="Output">The single output of clean or enhance.</param>
/// <param name="LoudnessChangeDb">Output minus input integrated loudness, LU (= dB).</param>
/// <param name="EstimatedSnrChangeDb">Output minus input blind SNR estimate (<see cref="SnrEstimator"/>), dB.</param>
/// <param name="PolishGainDb">Gain the polish applied before the limiter, dB.</param>
public sealed record QualityMetrics(
    SignalStats Input,
    SignalStats? Output,
    double? LoudnessChangeDb,
    double? EstimatedSnrChangeDb,
    double? PolishGainDb);
