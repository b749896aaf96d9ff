namespace LocoformerVst.Cli;

/// <summary>
/// Where the CLI writes: results to <see cref="Out"/>, progress, warnings and errors to <see cref="Error"/>.
/// <see cref="IsTerminal"/> chooses live progress bars (a terminal) or plain progress lines (pipes, logs, tests).
/// </summary>
public class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool IsTerminal { get; }

    /// <summary>The process's own console.</summary>
    public static CliConsole FromSystem() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary>
    /// Called with every progress report of a file job, after it has been displayed; an embedding host (or a test)
    /// can watch jobs here.
    /// </summary>
    public virtual void OnProgress(string input, double fraction)
    {
    }
}
