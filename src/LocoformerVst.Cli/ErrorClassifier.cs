using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli;

/// <summary>Maps what went wrong to an exit code (see <see cref="ExitCodes"/>) and a one-line message.</summary>
internal static class ErrorClassifier
{
    public static int ExitCodeFor(Exception e) => e switch
    {
        OperationCanceledException => ExitCodes.Cancelled,
        AudioFormatException or InputTooLongException or FileNotFoundException => ExitCodes.BadInput,
        ModelLoadException or ExecutionProviderUnavailableException => ExitCodes.ModelProblem,
        _ => ExitCodes.ProcessingFailure,
    };

    public static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "cancelled; no partial output was left",
        AudioFormatException or InputTooLongException or FileNotFoundException or ModelLoadException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>The exit code of a run with these outcomes: cancelled, then model, processing, input problems.</summary>
    public static int Combine(IEnumerable<int> codes)
    {
        int[] all = [.. codes];
        foreach (int code in (int[])[ExitCodes.Cancelled, ExitCodes.ModelProblem, ExitCodes.ProcessingFailure, ExitCodes.BadInput])
        {
            if (all.Contains(code))
            {
                return code;
            }
        }

        return ExitCodes.Ok;
    }
}
