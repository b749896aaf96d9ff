namespace LocoformerVst.Cli;

/// <summary>The process exit codes, one per kind of outcome, so scripts can tell a bad file from a broken install.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line itself is wrong (unknown option, bad value).</summary>
    public const int Usage = 1;

    /// <summary>An input is missing, not audio, malformed, truncated, unsupported or too long.</summary>
    public const int BadInput = 2;

    /// <summary>No usable model: no models directory, no model for the task, a broken model file, or wrong stems.</summary>
    public const int ModelProblem = 3;

    /// <summary>Processing failed after the input and model were accepted (inference or disk error).</summary>
    public const int ProcessingFailure = 4;

    /// <summary>Cancelled (Ctrl+C / SIGINT / SIGTERM); no partial output is left behind.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit-code table for --help.</summary>
    public const string Help =
        "Exit codes: 0 ok; 1 usage error; 2 bad input (missing, not audio, malformed, truncated, unsupported, too long); " +
        "3 model problem (no models directory, no suitable model, broken model); 4 processing failure; " +
        "130 cancelled (no partial outputs are left).";
}
