using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Server.Jobs;

/// <summary>
/// One uploaded file on its way through the queue. State changes go through small methods under one lock so a
/// cancel racing a worker's finish always ends in one consistent state; readers take a <see cref="Snapshot"/>.
/// </summary>
public sealed class Job : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cancellation = new();
    private JobStatus _status = JobStatus.Queued;
    private double _progress;
    private string? _error;
    private OfflineResult? _result;
    private IReadOnlyList<JobStem> _stems = [];
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _completedAt;

    public Job(Guid id, string owner, string tier, OfflineRequest request, AudioDescription input, int stems, DateTimeOffset createdAt)
    {
        Id = id;
        Owner = owner;
        Tier = tier;
        Request = request;
        Input = input;
        StemCount = stems;
        CreatedAt = createdAt;
    }

    public Guid Id { get; }

    /// <summary>The API key that created the job; other keys cannot see it.</summary>
    public string Owner { get; }

    public string Tier { get; }

    /// <summary>The engine request; its output directory is the job's folder.</summary>
    public OfflineRequest Request { get; }

    /// <summary>The uploaded file as read from its header at submission.</summary>
    public AudioDescription Input { get; }

    /// <summary>Stems asked for (2 or 5); for clean, the model's.</summary>
    public int StemCount { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The job's own folder: upload, outputs, nothing else.</summary>
    public string Directory => Path.GetDirectoryName(Request.OutputDirectory)!;

    /// <summary>Cancelled by DELETE or server shutdown.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Queued -> running; false when the job was cancelled while it waited.</summary>
    public bool TryStart(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_status != JobStatus.Queued)
            {
                return false;
            }

            _status = JobStatus.Running;
            _startedAt = now;
            return true;
        }
    }

    /// <summary>Progress from the engine's thread; only ever increases.</summary>
    public void ReportProgress(double fraction)
    {
        lock (_gate)
        {
            if (_status == JobStatus.Running && fraction > _progress)
            {
                _progress = Math.Min(1, fraction);
            }
        }
    }

    public void Succeed(OfflineResult result, IReadOnlyList<JobStem> stems, DateTimeOffset now) =>
        Finish(JobStatus.Succeeded, null, result, stems, now);

    public void Fail(string error, DateTimeOffset now) => Finish(JobStatus.Failed, error, null, [], now);

    /// <summary>Asks the job to stop. A queued job is cancelled at once; a running one when the engine notices.</summary>
    /// <returns>What the job was doing: <see cref="JobStatus.Queued"/> (its queue place is free now), running, or finished (nothing done).</returns>
    public JobStatus RequestCancel(DateTimeOffset now)
    {
        JobStatus was;
        lock (_gate)
        {
            was = _status;
            if (IsFinished(was))
            {
                return was;
            }

            if (was == JobStatus.Queued)
            {
                _status = JobStatus.Cancelled;
                _completedAt = now;
            }
        }

        _cancellation.Cancel();
        return was;
    }

    /// <summary>Marks a running job cancelled once the engine has stopped.</summary>
    public void ConfirmCancelled(DateTimeOffset now) => Finish(JobStatus.Cancelled, "cancelled", null, [], now);

    /// <summary>True when finished at or before <paramref name="cutoff"/>.</summary>
    public bool FinishedBefore(DateTimeOffset cutoff)
    {
        lock (_gate)
        {
            return _completedAt is DateTimeOffset done && done <= cutoff;
        }
    }

    public JobSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new JobSnapshot(this, _status, _progress, _error, _result, _stems, _startedAt, _completedAt);
        }
    }

    public void Dispose() => _cancellation.Dispose();

    internal static bool IsFinished(JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

    private void Finish(JobStatus status, string? error, OfflineResult? result, IReadOnlyList<JobStem> stems, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (IsFinished(_status))
            {
                return;
            }

            _status = status;
            _error = error;
            _result = result;
            _stems = stems;
            _progress = status == JobStatus.Succeeded ? 1 : _progress;
            _completedAt = now;
        }
    }
}

/// <summary>A consistent copy of a job's state at one moment, for rendering and downloads.</summary>
public sealed record JobSnapshot(
    Job Job,
    JobStatus Status,
    double Progress,
    string? Error,
    OfflineResult? Result,
    IReadOnlyList<JobStem> Stems,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);
