using System.CommandLine;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Cli.Commands;

/// <summary>The options several commands share, built fresh for each command (a symbol belongs to one parent).</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as JSON on stdout (progress and warnings still go to stderr)",
    };

    public static Option<string?> ModelDir() => new("--model-dir")
    {
        Description = "Models directory (default: models/ beside the executable, else the repository's models/ above the current directory)",
        HelpName = "DIR",
    };

    public static Option<string?> Model() => new("--model")
    {
        Description = "Model name in the models directory, or a path to a .onnx/.json pair (default: picked by task and --stems)",
        HelpName = "NAME|PATH",
    };

    public static Option<string> Device()
    {
        var option = new Option<string>("--device")
        {
            Description = "Execution device; an unavailable GPU falls back to the CPU with a warning",
            DefaultValueFactory = _ => "auto",
        };
        option.AcceptOnlyFromAmong("auto", "cpu", "cuda", "directml");
        return option;
    }

    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads for inference",
        HelpName = "N",
        DefaultValueFactory = _ => InferenceSettings.DefaultIntraOpThreads,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--threads must be 1 to 256"); } },
    };

    public static Option<string?> Output(string defaultDirectory) => new("--output", "-o")
    {
        Description = $"Output directory (default: ./{defaultDirectory}); created if missing",
        HelpName = "DIR",
    };

    public static Option<string> Format()
    {
        var option = new Option<string>("--format")
        {
            Description = "Sample format of the written WAV files: 16-bit, 24-bit integer or 32-bit float (exact, keeps peaks above full scale)",
            DefaultValueFactory = _ => "f32",
        };
        option.AcceptOnlyFromAmong("wav16", "wav24", "f32");
        return option;
    }

    public static WavSampleFormat ParseFormat(string format) => format switch
    {
        "wav16" => WavSampleFormat.Int16,
        "wav24" => WavSampleFormat.Int24,
        _ => WavSampleFormat.Float32,
    };

    public static Option<double?> MaxSeconds() => new("--max-seconds")
    {
        Description = "Reject inputs longer than this many seconds (default: no limit)",
        HelpName = "SECONDS",
        Validators = { r => { if (r.GetValueOrDefault<double?>() is double s && !(s > 0)) r.AddError("--max-seconds must be positive"); } },
    };

    public static Option<bool> Plot() => new("--plot")
    {
        Description = "Also write a PNG spectrogram of the input and of each output",
    };

    public static Option<string?> Stems()
    {
        var option = new Option<string?>("--stems")
        {
            Description = "2: vocals + instrumental (default); 5: vocals, drums, bass, instruments, fx",
        };
        option.AcceptOnlyFromAmong("2", "5");
        return option;
    }

    /// <summary>--stems as a selection: 2 and 5 as asked; unset means 2, or the named model's own stems.</summary>
    public static StemSelection ParseStems(string? stems, bool modelNamed) => stems switch
    {
        "2" => StemSelection.VocalsAndInstrumental,
        "5" => StemSelection.FiveStems,
        _ => modelNamed ? StemSelection.ModelStems : StemSelection.VocalsAndInstrumental,
    };

    public static Option<string> Preset()
    {
        var option = new Option<string>("--preset")
        {
            Description = "Stem gains before the polish: " +
                string.Join("; ", EnhancePresets.All.Select(p => $"{p.Name} ({p.Description})")),
            DefaultValueFactory = _ => EnhancePresets.Balanced.Name,
        };
        option.AcceptOnlyFromAmong([.. EnhancePresets.All.Select(p => p.Name)]);
        return option;
    }
}
