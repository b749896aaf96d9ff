using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Server.Api;

/// <summary>
/// The optional form fields of a submission, parsed and checked against the caller's tier, with messages that list
/// the allowed values.
/// </summary>
public sealed record SubmissionFields(int Stems, WavSampleFormat Format, EnhancePreset Preset)
{
    public const string StemsField = "stems";
    public const string FormatField = "format";
    public const string PresetField = "preset";

    private static readonly (string Name, WavSampleFormat Format)[] Formats =
        [("wav16", WavSampleFormat.Int16), ("wav24", WavSampleFormat.Int24), ("f32", WavSampleFormat.Float32)];

    /// <summary>The fields <paramref name="task"/> accepts besides the file.</summary>
    public static IReadOnlyCollection<string> AllowedFor(OfflineTask task) => task switch
    {
        OfflineTask.Separate => [StemsField, FormatField],
        OfflineTask.Enhance => [StemsField, PresetField, FormatField],
        _ => [FormatField],
    };

    /// <exception cref="RequestRejectedException">400 for a value out of range, 403 for more stems than the tier allows.</exception>
    public static SubmissionFields Parse(OfflineTask task, IReadOnlyDictionary<string, string> fields, Caller caller)
    {
        int stems = 2;
        if (fields.TryGetValue(StemsField, out string? stemsText))
        {
            if (stemsText is not ("2" or "5"))
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"stems must be 2 or 5 (got '{stemsText}')");
            }

            stems = stemsText[0] - '0';
            if (stems > caller.Tier.MaxStems)
            {
                string upgrade = caller.TierName.Equals("free", StringComparison.OrdinalIgnoreCase) ? "; upgrade to pro for 5" : "";
                throw new RequestRejectedException(StatusCodes.Status403Forbidden,
                    $"{caller.TierName} tier allows {caller.Tier.MaxStems} stems{upgrade}");
            }
        }

        WavSampleFormat format = WavSampleFormat.Float32;
        if (fields.TryGetValue(FormatField, out string? formatText))
        {
            int i = Array.FindIndex(Formats, f => f.Name.Equals(formatText, StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest,
                    $"format must be one of {string.Join(", ", Formats.Select(f => f.Name))} (got '{formatText}')");
            }

            format = Formats[i].Format;
        }

        EnhancePreset preset = EnhancePresets.Balanced;
        if (fields.TryGetValue(PresetField, out string? presetText))
        {
            try
            {
                preset = EnhancePresets.Get(presetText);
            }
            catch (ArgumentException)
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest,
                    $"unknown preset '{presetText}'; available: {string.Join(", ", EnhancePresets.All.Select(p => p.Name))}");
            }
        }

        return new SubmissionFields(stems, format, preset);
    }
}
