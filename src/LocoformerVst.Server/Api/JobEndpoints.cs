using LocoformerVst.Server.Configuration;
using LocoformerVst.Server.Jobs;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Api;

/// <summary>
/// GET /api/jobs/{id} (status), GET /api/jobs/{id}/stems/{name} (download), DELETE /api/jobs/{id} (cancel or
/// discard). Ids must parse as GUIDs and names must be one of the job's own outputs, so no request text reaches a path.
/// </summary>
public static class JobEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/jobs/{id}", (HttpContext c, string id) => Lookup(c, id, job => Results.Ok(View(c, job.Snapshot()))));
        api.MapGet("/jobs/{id}/stems/{name}", (HttpContext c, string id, string name) => Lookup(c, id, job => Download(job, name)));
        api.MapDelete("/jobs/{id}", (HttpContext c, string id) => Lookup(c, id, job => Delete(c, job)));
    }

    private static IResult Lookup(HttpContext context, string id, Func<Job, IResult> then)
    {
        if (!Guid.TryParseExact(id, "D", out Guid guid))
        {
            return Problems.Of(StatusCodes.Status400BadRequest,
                "a job id is the GUID returned by a submission, like 3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        }

        Job? job = context.RequestServices.GetRequiredService<JobStore>().Find(guid, Caller.Of(context).Key);
        return job is null
            ? Problems.Of(StatusCodes.Status404NotFound, $"no job {guid:D} for this API key; finished jobs are deleted when they expire")
            : then(job);
    }

    private static IResult Download(Job job, string name)
    {
        JobSnapshot snapshot = job.Snapshot();
        if (snapshot.Status != JobStatus.Succeeded)
        {
            return Problems.Of(StatusCodes.Status409Conflict,
                $"job {job.Id:D} is {snapshot.Status.ToString().ToLowerInvariant()}; its outputs can be downloaded once it has succeeded");
        }

        // The name selects from the job's own list; the path comes from that list, never from the request.
        JobStem? stem = snapshot.Stems.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (stem is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound,
                $"job {job.Id:D} has no output named '{Shorten(name)}'; its outputs: {string.Join(", ", snapshot.Stems.Select(s => s.Name))}");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(stem.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problems.Of(StatusCodes.Status404NotFound, $"the files of job {job.Id:D} have expired");
        }

        return Results.Stream(stream, "audio/wav", $"{stem.Name}.wav", enableRangeProcessing: true);
    }

    private static IResult Delete(HttpContext context, Job job)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        JobStatus was = job.RequestCancel(time.GetUtcNow());
        if (was == JobStatus.Queued)
        {
            context.RequestServices.GetRequiredService<JobQueue>().Release();
        }

        if (!Job.IsFinished(was))
        {
            return Results.Accepted(JobView.PathOf(job.Id), View(context, job.Snapshot())); // the worker confirms the cancel
        }

        context.RequestServices.GetRequiredService<JobStore>().Remove(job); // finished: discard it and its files now
        return Results.NoContent();
    }

    private static JobView View(HttpContext context, JobSnapshot snapshot) =>
        JobView.From(snapshot, context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.Results.TimeToLive);

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
