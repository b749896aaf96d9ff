namespace LocoformerVst.Inference.Models;

/// <summary>
/// The models available in one directory: every *.json manifest with a matching *.onnx. Stray or broken files are
/// skipped (and listed in <see cref="Skipped"/>) so one bad file never hides the good models.
/// </summary>
public sealed class ModelCatalog
{
    private ModelCatalog(string directory, IReadOnlyList<ModelEntry> models, IReadOnlyList<SkippedModelFile> skipped)
    {
        Directory = directory;
        Models = models;
        Skipped = skipped;
    }

    /// <summary>Absolute path of the scanned directory.</summary>
    public string Directory { get; }

    /// <summary>Valid models, ordered by name.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>Files that looked like models but were not usable, with the reason.</summary>
    public IReadOnlyList<SkippedModelFile> Skipped { get; }

    /// <summary>
    /// Finds the models directory and scans it. With <paramref name="explicitDirectory"/> only that directory is used.
    /// Otherwise the first existing of: the VST3 bundle's Contents/Resources/models (relative to
    /// <paramref name="pluginBinaryDirectory"/>, the folder holding the plug-in binary), `models` beside the plug-in
    /// binary, and `models` beside the application (AppContext.BaseDirectory).
    /// </summary>
    public static ModelCatalog Discover(string? explicitDirectory = null, string? pluginBinaryDirectory = null)
    {
        if (explicitDirectory is not null)
        {
            string dir = Path.GetFullPath(explicitDirectory);
            if (!System.IO.Directory.Exists(dir))
            {
                throw new ModelLoadException($"models directory '{dir}' does not exist");
            }

            return FromDirectory(dir);
        }

        IReadOnlyList<string> candidates = CandidateDirectories(pluginBinaryDirectory);
        string? found = candidates.FirstOrDefault(System.IO.Directory.Exists);
        if (found is null)
        {
            throw new ModelLoadException(
                $"no models directory found; searched: {string.Join(", ", candidates)} — install the models or pass a directory");
        }

        return FromDirectory(found);
    }

    /// <summary>The default search locations, in the order <see cref="Discover"/> tries them.</summary>
    public static IReadOnlyList<string> CandidateDirectories(string? pluginBinaryDirectory)
    {
        var list = new List<string>();
        if (pluginBinaryDirectory is not null)
        {
            // Bundle layout: X.vst3/Contents/<arch>-<os>/X.so (or x86_64-win/X.vst3, MacOS/X) beside Contents/Resources.
            string binary = Path.GetFullPath(pluginBinaryDirectory);
            list.Add(Path.GetFullPath(Path.Combine(binary, "..", "Resources", "models")));
            list.Add(Path.Combine(binary, "models"));
        }

        list.Add(Path.Combine(Path.GetFullPath(AppContext.BaseDirectory), "models"));
        return list.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Scans one directory (not recursively) for manifest + ONNX pairs.</summary>
    public static ModelCatalog FromDirectory(string directory)
    {
        string dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new ModelLoadException($"models directory '{dir}' does not exist");
        }

        var models = new List<ModelEntry>();
        var skipped = new List<SkippedModelFile>();
        foreach (string json in System.IO.Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            string onnx = Path.ChangeExtension(json, ".onnx");
            if (!File.Exists(onnx))
            {
                skipped.Add(new SkippedModelFile(json, $"no '{Path.GetFileName(onnx)}' beside it"));
                continue;
            }

            try
            {
                var entry = new ModelEntry(ModelManifestFile.Read(json), json, onnx);
                models.Add(entry);
            }
            catch (ModelLoadException e)
            {
                skipped.Add(new SkippedModelFile(json, e.Message));
            }
        }

        foreach (string onnx in System.IO.Directory.EnumerateFiles(dir, "*.onnx").Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.ChangeExtension(onnx, ".json")))
            {
                skipped.Add(new SkippedModelFile(onnx, "no manifest (.json with the same base name) beside it"));
            }
        }

        models.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ModelCatalog(dir, models, skipped);
    }

    /// <summary>The model with this name (case-insensitive), or a ModelLoadException listing the available ones.</summary>
    public ModelEntry Get(string name) =>
        TryGet(name, out ModelEntry? entry)
            ? entry
            : throw new ModelLoadException($"no model named '{name}' in '{Directory}'; available: {Describe()}");

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelEntry? entry)
    {
        entry = Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return entry is not null;
    }

    /// <summary>
    /// The first model (by name) whose stems are exactly <paramref name="stems"/> in any order, optionally of one task;
    /// null when none matches.
    /// </summary>
    public ModelEntry? FindByStems(IEnumerable<string> stems, ModelTask? task = null)
    {
        var wanted = new HashSet<string>(stems, StringComparer.OrdinalIgnoreCase);
        return Models.FirstOrDefault(m =>
            wanted.SetEquals(m.Manifest.Stems) && (task is null || m.Manifest.Kind == task));
    }

    private string Describe() => Models.Count == 0 ? "none" : string.Join(", ", Models.Select(m => m.Name));
}

/// <summary>A file in a models directory that the catalog could not use, and why.</summary>
public sealed record SkippedModelFile(string Path, string Reason);
