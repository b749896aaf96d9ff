using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Jobs;

/// <summary>
/// Deletes finished jobs (record and files) once their time to live has passed, and job folders no record owns
/// (left by an earlier run or a failed submission) once they are as old, so the results folder cannot grow forever.
/// </summary>
public sealed class JobSweeper : BackgroundService
{
    private readonly JobStore _store;
    private readonly ResultOptions _options;
    private readonly TimeProvider _time;

    public JobSweeper(JobStore store, IOptions<ServerOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options.Value.Results;
        _time = time;
    }

    /// <summary>One pass; returns the number of jobs removed.</summary>
    public int Sweep()
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - _options.TimeToLive;
        var expired = _store.All.Where(j => j.FinishedBefore(cutoff)).ToList();
        expired.ForEach(_store.Remove);
        foreach (string orphan in _store.OrphanFolders().ToList())
        {
            if (Directory.GetLastWriteTimeUtc(orphan) <= cutoff.UtcDateTime)
            {
                _store.DeleteFolder(orphan);
            }
        }

        return expired.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        try
        {
            do
            {
                Sweep();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
