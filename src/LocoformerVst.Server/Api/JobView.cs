using LocoformerVst.Inference.Offline;
using LocoformerVst.Server.Jobs;

namespace LocoformerVst.Server.Api;

/// <summary>The JSON a client sees for a job (GET /api/jobs/{id} and the 202 of a submission).</summary>
public sealed record JobView(
    Guid Id,
    string Task,
    JobStatus Status,
    double Progress,
    string Tier,
    int? Stems,
    string? Preset,
    string Model,
    InputView Input,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    string? Error,
    MetricsView? Metrics,
    IReadOnlyList<StemView> Outputs)
{
    /// <summary>Where a job lives; also the Location of a 202.</summary>
    public static string PathOf(Guid id) => $"/api/jobs/{id:D}";

    public static JobView From(JobSnapshot s, TimeSpan timeToLive)
    {
        Job job = s.Job;
        return new JobView(
            job.Id,
            job.Request.Task.ToString().ToLowerInvariant(),
            s.Status,
            Math.Round(s.Progress, 4),
            job.Tier,
            job.Request.Task == OfflineTask.Clean ? null : job.StemCount,
            job.Request.Task == OfflineTask.Enhance ? job.Request.Preset.Name : null,
            job.Request.Model.Name,
            new InputView(job.Input.Container.ToLowerInvariant(), job.Input.SampleRate, job.Input.Channels, job.Input.Frames,
                job.Input.Duration.TotalSeconds),
            job.CreatedAt,
            s.StartedAt,
            s.CompletedAt,
            s.CompletedAt + timeToLive,
            s.Error,
            s.Result is null ? null : MetricsView.From(s.Result),
            [.. s.Stems.Select(stem => StemView.From(job.Id, stem))]);
    }
}

/// <summary>The uploaded audio as the server read it.</summary>
public sealed record InputView(string Container, int SampleRate, int Channels, long Frames, double DurationSeconds);

/// <summary>One downloadable output.</summary>
public sealed record StemView(string Name, double DurationSeconds, int SampleRate, int Channels, long Frames, long Bytes,
    double? PeakDbfs, double? LoudnessLufs, string Url)
{
    public static StemView From(Guid job, JobStem stem) =>
        new(stem.Name, stem.Duration.TotalSeconds, stem.SampleRate, stem.Channels, stem.Frames, stem.Bytes, Round(stem.PeakDbfs),
            Round(stem.LoudnessLufs), $"{JobView.PathOf(job)}/stems/{Uri.EscapeDataString(stem.Name)}");

    private static double? Round(double? v) => v is double d ? Math.Round(d, 3) : null;
}

/// <summary>How the job went: speed and the level changes the engine measured (null where not finite or not applicable).</summary>
public sealed record MetricsView(
    double ElapsedSeconds,
    double? RealTimeFactor,
    long Chunks,
    long NonFiniteSamples,
    double? InputPeakDbfs,
    double? InputLoudnessLufs,
    double? InputEstimatedSnrDb,
    double? OutputLoudnessLufs,
    double? LoudnessChangeDb,
    double? EstimatedSnrChangeDb,
    double? PolishGainDb)
{
    public static MetricsView From(OfflineResult r) => new(
        Math.Round(r.Elapsed.TotalSeconds, 3),
        Finite(r.RealTimeFactor),
        r.Chunks,
        r.NonFiniteSamples,
        Finite(r.Quality.Input.PeakDbfs),
        Finite(r.Quality.Input.LoudnessLufs),
        Finite(r.Quality.Input.EstimatedSnrDb),
        Finite(r.Quality.Output?.LoudnessLufs),
        Finite(r.Quality.LoudnessChangeDb),
        Finite(r.Quality.EstimatedSnrChangeDb),
        Finite(r.Quality.PolishGainDb));

    // JSON has no infinities; silence measures -inf dB, which reads best as "no value".
    private static double? Finite(double? v) => v is double d && double.IsFinite(d) ? Math.Round(d, 3) : null;
}
