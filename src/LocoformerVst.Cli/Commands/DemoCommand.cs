using System.CommandLine;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli.Commands;

/// <summary>
/// `demo`: the one-command tour on shipped defaults. Writes a generated example mix (drums, bass, chords and a
/// sung-like melody; see <see cref="SyntheticSong"/>) and separates it with the default model, so nothing but the
/// build is needed to hear what the product does.
/// </summary>
internal static class DemoCommand
{
    public const string MixFileName = "demo-mix.wav";

    public static Command Create(CliConsole console)
    {
        Option<string?> output = CommonOptions.Output("locoformer-demo");
        var seconds = new Option<double>("--seconds")
        {
            Description = "Length of the example mix",
            DefaultValueFactory = _ => 8,
            Validators = { r => { if (r.GetValueOrDefault<double>() is < 1 or > 600) r.AddError("--seconds must be 1 to 600"); } },
        };
        Option<string?> stems = CommonOptions.Stems();
        Option<string?> modelDir = CommonOptions.ModelDir();
        Option<string?> model = CommonOptions.Model();
        Option<string> device = CommonOptions.Device();
        Option<bool> plot = CommonOptions.Plot();
        Option<int> threads = CommonOptions.Threads();
        Option<bool> json = CommonOptions.Json();
        var command = new Command("demo",
            $"Write a generated example mix ({MixFileName}) and separate it with the default model. ")
        {
            output, seconds, stems, modelDir, model, device, plot, threads, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            string dir = Path.GetFullPath(parse.GetValue(output) ?? "locoformer-demo");
            string? modelName = parse.GetValue(model);
            StemSelection selection = CommonOptions.ParseStems(parse.GetValue(stems), modelName is not null);
            bool asJson = parse.GetValue(json);
            try
            {
                // Find the model before writing anything, so a missing model leaves no stray example mix.
                ModelLocator.Resolve(parse.GetValue(modelDir), modelName, OfflineTask.Separate, selection);
            }
            catch (ModelLoadException e)
            {
                if (asJson)
                {
                    JsonReport.Write(console.Out, JsonReport.Error("demo", ExitCodes.ModelProblem, e.Message));
                }

                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ModelProblem;
            }

            Directory.CreateDirectory(dir);
            string mix = Path.Combine(dir, MixFileName);
            SyntheticSong.Write(mix, parse.GetValue(seconds), WavSampleFormat.Int16);
            if (!asJson)
            {
                console.Out.WriteLine($"wrote the example mix {mix}");
            }

            return await BatchRunner.RunAsync(new BatchSettings
            {
                Command = "demo",
                Task = OfflineTask.Separate,
                Input = mix,
                OutputDirectory = dir,
                Stems = selection,
                Plot = parse.GetValue(plot),
                ModelDirectory = parse.GetValue(modelDir),
                Model = modelName,
                Device = parse.GetValue(device)!,
                Threads = parse.GetValue(threads),
                Json = asJson,
            }, console, cancellation);
        });
        return command;
    }
}
