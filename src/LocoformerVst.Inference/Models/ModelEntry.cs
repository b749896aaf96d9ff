namespace LocoformerVst.Inference.Models;

/// <summary>A model on disk: its validated manifest and the paths of the manifest and the ONNX file beside it.</summary>
public sealed record ModelEntry(ModelManifest Manifest, string ManifestPath, string OnnxPath)
{
    public string Name => Manifest.Name;

    /// <summary>
    /// Loads the model at <paramref name="path"/>, which may name either the .onnx or the .json file; the other one
    /// must sit beside it with the same base name.
    /// </summary>
    public static ModelEntry Load(string path)
    {
        string full = Path.GetFullPath(path);
        string stem = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
        string onnx = stem + ".onnx";
        string json = stem + ".json";
        if (!File.Exists(onnx))
        {
            throw new ModelLoadException($"model file '{onnx}' not found");
        }

        if (!File.Exists(json))
        {
            throw new ModelLoadException(
                $"model '{Path.GetFileName(onnx)}' has no manifest: '{json}' not found — each .onnx needs a .json beside it");
        }

        return new ModelEntry(ModelManifestFile.Read(json), json, onnx);
    }

    public override string ToString() => $"{Name} ({Manifest.Task}: {string.Join(", ", Manifest.Stems)})";
}
