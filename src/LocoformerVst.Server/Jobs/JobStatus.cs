namespace LocoformerVst.Server.Jobs;

/// <summary>Where a job is in its life; serialized in lower case (queued, running, ...).</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
