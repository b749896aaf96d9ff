using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using LocoformerVst.Cli.Commands;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli;

/// <summary>
/// The `locoformer` command tree, runnable in-process: tests and embedding hosts call <see cref="RunAsync"/> with
/// their own console and cancellation instead of going through <see cref="Program.Main"/>.
/// </summary>
public static class CliApp
{
    public static RootCommand Build(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand(
            "locoformer: neural stem separation, cleaning and enhancement of audio files with TF-Locoformer models " +
            "(ONNX Runtime). Inputs: WAV or MP3, mono or stereo, any sample rate; outputs keep the input's rate, " +
            "channels and length.")
        {
            ProcessCommand.Create(OfflineTask.Separate, console),
            ProcessCommand.Create(OfflineTask.Clean, console),
            ProcessCommand.Create(OfflineTask.Enhance, console),
            DevicesCommand.Create(console),
            BenchCommand.Create(console),
            EvalCommand.Create(console),
            DemoCommand.Create(console),
        };

        // Every --help (the option is recursive) ends with the exit-code table.
        foreach (Option option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
            {
                help.Action = new HelpWithExitCodes(standard);
            }
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellation = default)
    {
        ParseResult parse = Build(console).Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Program.Main turns signals into this token; a fixed termination timeout would cut the cleanup short.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellation);
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            int code = ErrorClassifier.ExitCodeFor(e);
            console.Error.WriteLine($"error: {ErrorClassifier.Describe(e)}");
            return code;
        }
    }

    /// <summary>The standard help, followed by the exit codes.</summary>
    private sealed class HelpWithExitCodes(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int result = standard.Invoke(parseResult);
            TextWriter output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(ExitCodes.Help);
            output.WriteLine("Docs: docs/cli.md.");
            return result;
        }
    }
}
