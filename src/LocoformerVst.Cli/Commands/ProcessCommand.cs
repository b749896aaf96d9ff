using System.CommandLine;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli.Commands;

/// <summary>The three file commands, `separate`, `clean` and `enhance`: one shape, different tasks and options.</summary>
internal static class ProcessCommand
{
    public static Command Create(OfflineTask task, CliConsole console)
    {
        (string name, string description, string defaultOut) = task switch
        {
            OfflineTask.Separate => ("separate",
                "Split songs into stems (vocals + instrumental, or 5 stems); the stems sum to the mix", "separated"),
            OfflineTask.Clean => ("clean",
                "Keep the clean signal of a noisy recording (needs a cleaning model), behind a soft limiter at 0.95", "cleaned"),
            _ => ("enhance",
                "Separate, remix with a preset's stem gains, then polish: loudness to -14 LUFS and a soft limiter at 0.95", "enhanced"),
        };

        var input = new Argument<string>("input") { Description = "An audio file (WAV or MP3), or a directory: every audio file in it" };
        Option<string?> output = CommonOptions.Output(defaultOut);
        Option<string?> stems = CommonOptions.Stems();
        Option<string> preset = CommonOptions.Preset();
        Option<string> device = CommonOptions.Device();
        Option<string> format = CommonOptions.Format();
        Option<string?> modelDir = CommonOptions.ModelDir();
        Option<string?> model = CommonOptions.Model();
        Option<double?> maxSeconds = CommonOptions.MaxSeconds();
        Option<bool> plot = CommonOptions.Plot();
        Option<int> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();

        var command = new Command(name, description + ".") { input, output, device, format, modelDir, model, maxSeconds, plot, threads, json };
        if (task != OfflineTask.Clean)
        {
            command.Options.Add(stems);
        }

        if (task == OfflineTask.Enhance)
        {
            command.Options.Add(preset);
        }

        command.SetAction((parse, cancellation) =>
        {
            string? modelName = parse.GetValue(model);
            var settings = new BatchSettings
            {
                Command = name,
                Task = task,
                Input = parse.GetValue(input)!,
                OutputDirectory = Path.GetFullPath(parse.GetValue(output) ?? defaultOut),
                Stems = task switch
                {
                    OfflineTask.Separate => CommonOptions.ParseStems(parse.GetValue(stems), modelName is not null),
                    // Enhance remixes whatever stems the model has; --stems only chooses the model.
                    OfflineTask.Enhance => parse.GetValue(stems) is null ? StemSelection.ModelStems : CommonOptions.ParseStems(parse.GetValue(stems), false),
                    _ => StemSelection.ModelStems,
                },
                Preset = task == OfflineTask.Enhance ? EnhancePresets.Get(parse.GetValue(preset)!) : EnhancePresets.Balanced,
                Format = CommonOptions.ParseFormat(parse.GetValue(format)!),
                MaxDuration = parse.GetValue(maxSeconds) is double s ? TimeSpan.FromSeconds(s) : null,
                Plot = parse.GetValue(plot),
                ModelDirectory = parse.GetValue(modelDir),
                Model = modelName,
                Device = parse.GetValue(device)!,
                Threads = parse.GetValue(threads),
                Json = parse.GetValue(json),
            };
            return BatchRunner.RunAsync(settings, console, cancellation);
        });
        return command;
    }
}
