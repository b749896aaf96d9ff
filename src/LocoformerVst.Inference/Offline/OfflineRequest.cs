using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Offline;

/// <summary>One file for the <see cref="OfflineEngine"/> to process: what to do, with which model, and where to write.</summary>
public sealed record OfflineRequest
{
    public required OfflineTask Task { get; init; }

    /// <summary>The input file: WAV or MP3 (detected from the content), mono or stereo, 8 to 768 kHz.</summary>
    public required string InputPath { get; init; }

    /// <summary>Folder for the outputs (created if missing; removed again if the job created it and wrote nothing).</summary>
    public required string OutputDirectory { get; init; }

    public required ModelEntry Model { get; init; }

    /// <summary>
    /// Stems to write for <see cref="OfflineTask.Separate"/>; for <see cref="OfflineTask.Enhance"/>, the stems the
    /// preset's gains apply to (vocals + instrumental from a 5-stem model: every non-vocal stem takes the instrumental
    /// gain). Ignored by clean.
    /// </summary>
    public StemSelection Stems { get; init; } = StemSelection.ModelStems;

    /// <summary>Stem gains for <see cref="OfflineTask.Enhance"/>.</summary>
    public EnhancePreset Preset { get; init; } = EnhancePresets.Balanced;

    /// <summary>Loudness target and limiter for clean and enhance.</summary>
    public PolishOptions Polish { get; init; } = new();

    /// <summary>Sample encoding of the written WAV files.</summary>
    public WavSampleFormat Format { get; init; } = WavSampleFormat.Float32;

    /// <summary>Longest input accepted; longer files are rejected before anything is written. Null: no limit.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Base of the output file names (<c>{base}.{output}.wav</c>); null uses the input's file name without extension.</summary>
    public string? OutputName { get; init; }

    /// <summary>Also write a PNG spectrogram of the input and of each output (<c>{base}.{name}.png</c>).</summary>
    public bool Plot { get; init; }

    /// <summary>The base of the output file names.</summary>
    public string BaseName => OutputName ?? Path.GetFileNameWithoutExtension(InputPath);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(InputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory);
        ArgumentNullException.ThrowIfNull(Model);
        ArgumentNullException.ThrowIfNull(Preset);
        ArgumentNullException.ThrowIfNull(Polish);
        Polish.Validate();
        if (MaxDuration is TimeSpan max && max <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuration), max, "the duration limit must be positive");
        }

        if (string.IsNullOrWhiteSpace(BaseName) || BaseName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{BaseName}' cannot be used as the base of output file names", nameof(OutputName));
        }
    }
}
