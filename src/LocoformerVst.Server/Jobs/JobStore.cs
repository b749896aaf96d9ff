using System.Collections.Concurrent;
using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Jobs;

/// <summary>
/// The jobs the server knows and the folder that holds their files. Each job's folder is named by its server-made
/// GUID under <see cref="Root"/>, so no client-supplied text ever becomes part of a path.
/// </summary>
public sealed class JobStore
{
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();
    private readonly ConcurrentDictionary<Guid, byte> _pending = new(); // folders of uploads still being received
    private readonly ILogger<JobStore> _log;

    public JobStore(IOptions<ServerOptions> options, ILogger<JobStore> log)
    {
        _log = log;
        Root = options.Value.Results.ResolvedDirectory;
        Directory.CreateDirectory(Root);
    }

    /// <summary>Absolute path of the results root.</summary>
    public string Root { get; }

    public int Count => _jobs.Count;

    public IEnumerable<Job> All => _jobs.Values;

    /// <summary>A fresh id and its (created) folder, kept from the sweeper until <see cref="Add"/> or <see cref="Abandon"/>.</summary>
    public (Guid Id, string Directory) NewJobFolder()
    {
        var id = Guid.NewGuid();
        _pending[id] = 0;
        string dir = FolderOf(id);
        Directory.CreateDirectory(dir);
        return (id, dir);
    }

    /// <summary>Deletes the folder of a submission that did not become a job.</summary>
    public void Abandon(Guid id)
    {
        DeleteFolder(FolderOf(id));
        _pending.TryRemove(id, out _);
    }

    /// <summary>The folder a job id owns; the id's "N" format is hex only.</summary>
    public string FolderOf(Guid id) => Path.Combine(Root, id.ToString("N"));

    public void Add(Job job)
    {
        if (!_jobs.TryAdd(job.Id, job))
        {
            throw new InvalidOperationException($"job {job.Id} exists already");
        }

        _pending.TryRemove(job.Id, out _);
    }

    /// <summary>The job with this id if <paramref name="owner"/> created it; another key's job looks like no job.</summary>
    public Job? Find(Guid id, string owner) =>
        _jobs.TryGetValue(id, out Job? job) && string.Equals(job.Owner, owner, StringComparison.Ordinal) ? job : null;

    /// <summary>Forgets the job and deletes its folder.</summary>
    public void Remove(Job job)
    {
        if (_jobs.TryRemove(job.Id, out _))
        {
            job.Dispose();
        }

        DeleteFolder(FolderOf(job.Id));
    }

    /// <summary>Deletes a job folder; a file still open elsewhere is logged and left to the next sweep.</summary>
    public void DeleteFolder(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "could not delete job folder {Folder}; the sweeper retries", dir);
        }
    }

    /// <summary>Job folders (GUID-named) of jobs this store does not hold, e.g. left by an earlier run.</summary>
    public IEnumerable<string> OrphanFolders()
    {
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            if (Guid.TryParseExact(Path.GetFileName(dir), "N", out Guid id) && !_jobs.ContainsKey(id) && !_pending.ContainsKey(id))
            {
                yield return dir;
            }
        }
    }
}
