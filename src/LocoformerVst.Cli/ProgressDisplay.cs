using Spectre.Console;

namespace LocoformerVst.Cli;

/// <summary>
/// Shows the progress of a sequence of file jobs: live Spectre.Console bars when stdout is a terminal (and no JSON is
/// being printed there), otherwise a plain "file: NN%" line on stderr every 10 %, which logs and pipes can take.
/// </summary>
internal sealed class ProgressDisplay
{
    private readonly CliConsole _console;
    private readonly bool _live;

    public ProgressDisplay(CliConsole console, bool json)
    {
        _console = console;
        _live = console.IsTerminal && !json;
    }

    /// <summary>Runs <paramref name="job"/> for each label in turn, giving each its own progress sink.</summary>
    public async Task RunAsync(IReadOnlyList<string> labels, Func<int, IProgress<double>, Task> job)
    {
        if (!_live)
        {
            for (int i = 0; i < labels.Count; i++)
            {
                int shownTenths = -1;
                string label = labels[i];
                await job(i, new CallbackProgress(p =>
                {
                    int tenths = (int)(p * 10);
                    if (tenths > shownTenths)
                    {
                        shownTenths = tenths;
                        _console.Error.WriteLine($"{Path.GetFileName(label)}: {tenths * 10}%");
                    }

                    _console.OnProgress(label, p);
                }));
            }

            return;
        }

        // The caller decided this is a terminal; say so, rather than let Spectre guess from the writer.
        IAnsiConsole ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_console.Out),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Yes,
        });
        await ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                for (int i = 0; i < labels.Count; i++)
                {
                    string label = labels[i];
                    ProgressTask task = context.AddTask(Markup.Escape(Path.GetFileName(label)), maxValue: 1);
                    try
                    {
                        await job(i, new CallbackProgress(p =>
                        {
                            task.Value = p;
                            _console.OnProgress(label, p);
                        }));
                    }
                    finally
                    {
                        task.StopTask();
                    }
                }
            });
    }

    /// <summary>Reports synchronously on the job's thread (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    private sealed class CallbackProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
