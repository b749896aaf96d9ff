using System.Runtime.InteropServices;
using System.Text.Json;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Inference.Tests.Support;

/// <summary>The shared test fixtures (tests/fixtures, copied beside the test assembly) written by make_fixtures.py.</summary>
public static class Fixtures
{
    public static string ModelsDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "models");

    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "golden");

    public static ModelEntry Model(string name) => ModelEntry.Load(Path.Combine(ModelsDirectory, name + ".onnx"));

    /// <summary>Raw little-endian float32 file as written by numpy's tofile.</summary>
    public static float[] ReadF32(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(BitConverter.IsLittleEndian, "fixtures are little-endian");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>The golden PyTorch input/output pair for a model at a frame count, with their shapes from index.json.</summary>
    public static GoldenPair Golden(string model, int frames)
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDirectory, "index.json")));
        foreach (JsonElement entry in index.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("model").GetString() == model && entry.GetProperty("frames").GetInt32() == frames)
            {
                return new GoldenPair(
                    ReadF32(Path.Combine(GoldenDirectory, entry.GetProperty("mix").GetString()!)),
                    ReadF32(Path.Combine(GoldenDirectory, entry.GetProperty("stems").GetString()!)),
                    entry.GetProperty("mixShape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                    entry.GetProperty("stemsShape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            }
        }

        throw new InvalidOperationException($"golden pair for {model} at T={frames} not in index.json");
    }
}

public sealed record GoldenPair(float[] Mix, float[] Stems, int[] MixShape, int[] StemsShape);
