namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Makes a job's files appear together or not at all. Each file is first written (and, for WAV, committed) under a
/// hidden staging name in the destination folder; <see cref="CommitAll"/> then renames them all. If a rename fails,
/// the files already renamed are deleted again; disposing without committing deletes every staged file. A cancelled
/// or failed job therefore leaves nothing behind but what was there before.
/// </summary>
internal sealed class OutputStaging : IDisposable
{
    private readonly List<(string Staged, string Final)> _files = [];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..12];
    private bool _committed;

    public OutputStaging(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>Registers <paramref name="fileName"/> and returns the staging path to write it to.</summary>
    public string Stage(string fileName)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (fileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || fileName is "." or "..")
        {
            throw new ArgumentException($"'{fileName}' is not a valid file name", nameof(fileName));
        }

        string final = Path.Combine(Directory, fileName);
        if (_files.Any(f => string.Equals(f.Final, final, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"the job writes '{fileName}' twice", nameof(fileName));
        }

        string staged = Path.Combine(Directory, $".{fileName}.{_tag}.part");
        _files.Add((staged, final));
        return staged;
    }

    /// <summary>Final paths, in staging order.</summary>
    public IReadOnlyList<string> FinalPaths => [.. _files.Select(f => f.Final)];

    /// <summary>Moves every staged file to its final name; on failure none of them remains.</summary>
    public void CommitAll()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        foreach ((string staged, string _) in _files)
        {
            if (!File.Exists(staged))
            {
                throw new InvalidOperationException($"staged file '{staged}' was never written");
            }
        }

        int moved = 0;
        try
        {
            for (; moved < _files.Count; moved++)
            {
                File.Move(_files[moved].Staged, _files[moved].Final, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            for (int i = 0; i < moved; i++)
            {
                TryDelete(_files[i].Final);
            }

            throw new IOException(
                $"could not move '{Path.GetFileName(_files[moved].Final)}' into place in '{Directory}' ({e.Message}); " +
                "no output of this job was kept", e);
        }

        _committed = true;
    }

    /// <summary>Deletes staged files that were not committed.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        _committed = true;
        foreach ((string staged, string _) in _files)
        {
            TryDelete(staged);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a staged name is hidden and unique, so a leftover is never mistaken for output.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
