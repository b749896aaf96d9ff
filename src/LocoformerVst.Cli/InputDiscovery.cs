using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli;

/// <summary>One file to process and the base of its output names.</summary>
internal sealed record InputFile(string Path, string BaseName);

/// <summary>A file in an input folder that is not audio, and why.</summary>
internal sealed record SkippedInput(string Path, string Reason);

/// <summary>
/// Turns the command's input argument into files: a file is taken as is (the engine reports it if it is not audio);
/// a folder contributes every visible file directly in it whose content is WAV or MP3, whatever its extension, and
/// the rest are skipped with a reason.
/// </summary>
internal static class InputDiscovery
{
    public static (IReadOnlyList<InputFile> Files, IReadOnlyList<SkippedInput> Skipped) Find(string input)
    {
        if (File.Exists(input))
        {
            return ([new InputFile(input, Path.GetFileNameWithoutExtension(input))], []);
        }

        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"input '{input}' is neither a file nor a directory", input);
        }

        var audio = new List<string>();
        var skipped = new List<SkippedInput>();
        foreach (string path in Directory.EnumerateFiles(input).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path).StartsWith('.'))
            {
                continue;
            }

            string? problem = Sniff(path);
            if (problem is null)
            {
                audio.Add(path);
            }
            else
            {
                skipped.Add(new SkippedInput(path, problem));
            }
        }

        // Two inputs with the same base name (song.wav, song.mp3) keep their extension in the output names.
        var duplicates = audio.GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var files = audio.Select(p => new InputFile(p,
            duplicates.Contains(Path.GetFileNameWithoutExtension(p)) ? Path.GetFileName(p) : Path.GetFileNameWithoutExtension(p))).ToList();
        return (files, skipped);
    }

    /// <summary>Null when the file starts like WAV or MP3; otherwise what it is.</summary>
    private static string? Sniff(string path)
    {
        try
        {
            Span<byte> header = stackalloc byte[AudioContainerDetector.HeaderBytes];
            int got;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }

            AudioContainerDetector.Detect(header[..got], path);
            return null;
        }
        catch (AudioFormatException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }
}
