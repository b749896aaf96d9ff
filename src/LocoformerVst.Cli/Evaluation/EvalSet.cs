using System.Text.Json;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// An evaluation set folder as models/training/EVAL.md lays it out (set.json, per track mix.wav, reference/ and an
/// optional estimate/), read and checked once so that the scorer can trust the names and paths it is given.
/// </summary>
internal sealed class EvalSet
{
    /// <summary>The only set.json format there is.</summary>
    public const int Format = 1;

    /// <summary>The file that makes a folder an evaluation set.</summary>
    public const string FileName = "set.json";

    private EvalSet(string folder, int sampleRate, string[] stems, string[] sources, string[] tracks)
    {
        Folder = folder;
        SampleRate = sampleRate;
        Stems = stems;
        Sources = sources;
        Tracks = tracks;
    }

    /// <summary>The set's folder (full path).</summary>
    public string Folder { get; }

    /// <summary>The rate every file of the set has.</summary>
    public int SampleRate { get; }

    /// <summary>The scored stems, in model order.</summary>
    public IReadOnlyList<string> Stems { get; }

    /// <summary>Every reference source (a superset of <see cref="Stems"/>); they sum to the mix.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Track folders, in scoring order.</summary>
    public IReadOnlyList<string> Tracks { get; }

    /// <summary>Whether <paramref name="folder"/> holds a set.json (and so is meant as an evaluation set).</summary>
    public static bool IsSet(string folder) => Directory.Exists(folder) && File.Exists(Path.Combine(folder, FileName));

    /// <summary>Reads and checks <paramref name="folder"/>/set.json.</summary>
    /// <exception cref="EvalSetException">The file is missing, not JSON, or a field is missing or wrong.</exception>
    public static EvalSet Load(string folder)
    {
        string full = Path.GetFullPath(folder);
        string path = Path.Combine(full, FileName);
        if (!File.Exists(path))
        {
            throw new EvalSetException(path, "does not exist: not an evaluation set (see models/training/EVAL.md)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new EvalSetException(path, $"is not valid JSON ({e.Message})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EvalSetException(path, "must hold a JSON object with format, sampleRate, stems, sources and tracks");
            }

            int format = Integer(root, "format", path);
            if (format != Format)
            {
                throw new EvalSetException(path, $"has format {format}; supported: {Format}");
            }

            int rate = Integer(root, "sampleRate", path);
            if (rate <= 0)
            {
                throw new EvalSetException(path, $"has sampleRate {rate}; it must be a positive number of Hz (44100)");
            }

            string[] stems = Names(root, "stems", path), sources = Names(root, "sources", path), tracks = Names(root, "tracks", path);
            if (stems.FirstOrDefault(s => !sources.Contains(s)) is string orphan)
            {
                throw new EvalSetException(path, $"lists stem '{orphan}' that is not among the sources [{string.Join(", ", sources)}]; sources must include every stem");
            }

            return new EvalSet(full, rate, stems, sources, tracks);
        }
    }

    /// <summary>Position of <paramref name="source"/> in <see cref="Sources"/> (every stem has one; checked at load).</summary>
    public int SourceIndex(string source)
    {
        for (int i = 0; i < Sources.Count; i++)
        {
            if (Sources[i] == source)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{source}' is not a source of the set [{string.Join(", ", Sources)}]", nameof(source));
    }

    /// <summary>The track's input.</summary>
    public string MixPath(string track) => Path.Combine(Folder, track, "mix.wav");

    /// <summary>The reference of one source.</summary>
    public string ReferencePath(string track, string source) => Path.Combine(Folder, track, "reference", source + ".wav");

    /// <summary>The folder of a track's estimates.</summary>
    public string EstimateFolder(string track) => Path.Combine(Folder, track, "estimate");

    /// <summary>Where the system under evaluation wrote one stem.</summary>
    public string EstimatePath(string track, string stem) => Path.Combine(EstimateFolder(track), stem + ".wav");

    private static int Integer(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n)
            ? n
            : throw new EvalSetException(path, $"needs \"{name}\" as an integer");

    /// <summary>A non-empty array of distinct names usable as file or folder names.</summary>
    private static string[] Names(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new EvalSetException(path, $"needs \"{name}\" as an array of names");
        }

        string[] names = [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "")];
        if (names.Length == 0)
        {
            throw new EvalSetException(path, $"has an empty \"{name}\" array: nothing to score");
        }

        foreach (string n in names)
        {
            // Names become paths: a separator or '..' would reach outside the set.
            if (n.Length == 0 || n is "." or ".." || n.IndexOfAny(['/', '\\']) >= 0 || n.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new EvalSetException(path, $"\"{name}\" holds '{n}'; entries must be non-empty strings usable as file names (no path separators)");
            }
        }

        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new EvalSetException(path, $"\"{name}\" lists '{duplicate.Key}' twice");
        }

        return names;
    }
}
