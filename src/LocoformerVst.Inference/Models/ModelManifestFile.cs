using System.Text.Json;

namespace LocoformerVst.Inference.Models;

/// <summary>
/// Reads, checks and writes manifest files. Every failure is a <see cref="ModelLoadException"/> that names the file
/// and the offending field, so a user who edits or mixes up manifests sees what to fix.
/// </summary>
public static class ModelManifestFile
{
    /// <summary>Reads and validates a manifest; its "name" must equal the file's base name.</summary>
    public static ModelManifest Read(string path)
    {
        string fileName = Path.GetFileName(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelLoadException($"manifest '{path}' not found — each model needs a .json manifest beside its .onnx", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"manifest '{path}' could not be read: {e.Message}", e);
        }

        ModelManifest manifest = Parse(json, fileName);
        string baseName = Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(manifest.Name, baseName, StringComparison.Ordinal))
        {
            throw new ModelLoadException(
                $"manifest '{fileName}' has name '{manifest.Name}' but the file is named '{baseName}'; " +
                "the name must equal the base name of the .json and .onnx files");
        }

        return manifest;
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="sourceName"/> appears in error messages.</summary>
    public static ModelManifest Parse(string json, string sourceName)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"manifest '{sourceName}' is not a valid model manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new ModelLoadException($"manifest '{sourceName}' is empty (JSON null); expected a manifest object");
        }

        Validate(manifest, sourceName);
        return manifest;
    }

    /// <summary>Writes a manifest atomically (temp file in the same folder, then a replacing move).</summary>
    public static void Write(ModelManifest manifest, string path)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.ModelManifest));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Checks a deserialized manifest against the model contract; throws on the first violation.</summary>
    public static void Validate(ModelManifest m, string sourceName)
    {
        void Fail(string what) => throw new ModelLoadException($"manifest '{sourceName}': {what}");

        if (m.Format != ModelContract.ManifestFormat)
        {
            Fail($"format {m.Format} is not supported; this build reads format {ModelContract.ManifestFormat}");
        }

        if (string.IsNullOrWhiteSpace(m.Name))
        {
            Fail("name is empty");
        }

        if (!ModelContract.Tasks.Contains(m.Task))
        {
            Fail($"task '{m.Task}' is not supported; expected one of: {string.Join(", ", ModelContract.Tasks)}");
        }

        if (m.Stems.Count == 0 || m.Stems.Any(string.IsNullOrWhiteSpace))
        {
            Fail("stems must list at least one non-empty stem name");
        }

        if (m.Stems.Distinct(StringComparer.OrdinalIgnoreCase).Count() != m.Stems.Count)
        {
            Fail($"stems [{string.Join(", ", m.Stems)}] contain a duplicate");
        }

        if (m.Channels is < 1 or > 2)
        {
            Fail($"channels {m.Channels} is not supported; expected 1 (mono) or 2 (stereo)");
        }

        if (m.SampleRate != ModelContract.SampleRate)
        {
            Fail($"sampleRate {m.SampleRate} is not supported; models run at {ModelContract.SampleRate} Hz");
        }

        StftManifest s = m.Stft;
        if (s.NFft != ModelContract.NFft || s.Hop != ModelContract.Hop || s.Window != ModelContract.Window || !s.Center)
        {
            Fail($"stft (nFft {s.NFft}, hop {s.Hop}, window '{s.Window}', center {s.Center}) is not supported; " +
                 $"expected nFft {ModelContract.NFft}, hop {ModelContract.Hop}, window '{ModelContract.Window}', center true");
        }

        if (m.Config.Bands is { } bands && (bands.Count == 0 || bands.Any(b => b < 1) || bands.Sum() != ModelContract.Bins))
        {
            Fail($"config.bands must be positive bin counts summing to {ModelContract.Bins} (got {bands.Count} bands " +
                 $"summing to {bands.Sum()})");
        }

        if (m.Chunk.Frames < 1 || m.Chunk.LeftContext < 0 || m.Chunk.RightContext < 0)
        {
            Fail($"chunk (frames {m.Chunk.Frames}, leftContext {m.Chunk.LeftContext}, rightContext {m.Chunk.RightContext}) " +
                 "needs frames >= 1 and non-negative contexts");
        }

        CheckShape(sourceName, "input", m.Input, [null, m.Planes, null, ModelContract.Bins]);
        CheckShape(sourceName, "output", m.Output, [null, m.Stems.Count, m.Planes, null, ModelContract.Bins]);

        if (m.Parameters < 0 || m.FlopsPerSecond < 0 || !double.IsFinite(m.FlopsPerSecond))
        {
            Fail("parameters and flopsPerSecond must be finite and non-negative");
        }
    }

    private static void CheckShape(string sourceName, string role, TensorManifest tensor, long?[] expected)
    {
        if (string.IsNullOrWhiteSpace(tensor.Name))
        {
            throw new ModelLoadException($"manifest '{sourceName}': {role}.name is empty");
        }

        bool ok = tensor.Shape.Count == expected.Length;
        for (int i = 0; ok && i < expected.Length; i++)
        {
            // Axes the contract fixes must be written as those numbers; dynamic ones may be named or fixed.
            ok = expected[i] is not long want || tensor.Shape[i].Size == want;
        }

        if (!ok)
        {
            string want = "[" + string.Join(",", expected.Select(e => e?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")) + "]";
            throw new ModelLoadException(
                $"manifest '{sourceName}': {role} '{tensor.Name}' has shape {TensorDim.Format(tensor.Shape)}; expected {want} " +
                "from its channels, stems and the 1025-bin STFT");
        }
    }
}
