namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// A file written under a temporary name in the destination's folder and moved over the destination only when
/// complete, so readers never see a half-written file and a failed write leaves the old file untouched.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private bool _done;

    public AtomicFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        DestinationPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(DestinationPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory", nameof(path));
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"cannot write '{path}': directory '{directory}' does not exist");
        }

        // Same folder, so the final move is a rename on the same volume; the dot prefix hides it from casual listings.
        TempPath = Path.Combine(directory, $".{Path.GetFileName(DestinationPath)}.{Guid.NewGuid():N}.tmp");
        Stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    public string DestinationPath { get; }

    public string TempPath { get; }

    public FileStream Stream { get; }

    /// <summary>Flushes to disk and moves the temporary file over the destination.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        try
        {
            File.Move(TempPath, DestinationPath, overwrite: true);
        }
        catch
        {
            TryDelete();
            _done = true;
            throw;
        }

        _done = true;
    }

    /// <summary>Abandons an uncommitted file: the temporary file is deleted and the destination is untouched.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        Stream.Dispose();
        TryDelete();
    }

    private void TryDelete()
    {
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Best effort: the temp file has a unique hidden name and is never mistaken for output.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
