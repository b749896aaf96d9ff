using System.Runtime.InteropServices;

namespace LocoformerVst.Cli;

/// <summary>Entry point of the `locoformer` command line: separates, cleans and enhances audio files.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // Ctrl+C and SIGTERM cancel the job instead of killing the process, so it can delete its partial files and
        // exit with 130; a second signal is left to the default handler (immediate exit).
        void OnSignal(PosixSignalContext context)
        {
            if (!cancellation.IsCancellationRequested)
            {
                context.Cancel = true;
                cancellation.Cancel();
            }
        }

        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await CliApp.RunAsync(args, CliConsole.FromSystem(), cancellation.Token);
    }
}
