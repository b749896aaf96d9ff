using System.Text.Json.Nodes;

namespace LocoformerVst.Inference.Tests.Support;

/// <summary>Writes manifests as the contract (coord contract.md) spells them, independently of the production serializer.</summary>
public static class ManifestJson
{
    public static JsonObject Contract(string name, string[] stems, int channels = 2, string task = "separate")
    {
        int planes = 2 * channels;
        return new JsonObject
        {
            ["format"] = 1,
            ["name"] = name,
            ["task"] = task,
            ["stems"] = new JsonArray(stems.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
            ["channels"] = channels,
            ["sampleRate"] = 44100,
            ["stft"] = new JsonObject { ["nFft"] = 2048, ["hop"] = 512, ["window"] = "hann-periodic", ["center"] = true },
            ["config"] = new JsonObject
            {
                ["name"] = "tiny", ["width"] = 16, ["blocks"] = 1, ["heads"] = 2, ["groups"] = 4,
                ["ffnExpansion"] = 4, ["kernel"] = 3, ["bands"] = null,
            },
            ["chunk"] = new JsonObject { ["frames"] = 64, ["leftContext"] = 16, ["rightContext"] = 16 },
            ["input"] = new JsonObject { ["name"] = "mix", ["shape"] = new JsonArray("batch", planes, "frames", 1025) },
            ["output"] = new JsonObject
            {
                ["name"] = "stems", ["shape"] = new JsonArray("batch", stems.Length, planes, "frames", 1025),
            },
            ["parameters"] = 12345,
            ["flopsPerSecond"] = 1.0e9,
            ["opset"] = 17,
            ["training"] = new JsonObject { ["data"] = "synthetic", ["steps"] = 0 },
            ["metrics"] = new JsonObject(),
            ["license"] = "Apache-2.0",
        };
    }

    /// <summary>Writes the manifest and, when given, ONNX bytes beside it; returns the .json path.</summary>
    public static string WriteModel(string directory, JsonObject manifest, byte[]? onnx = null)
    {
        string name = manifest["name"]!.GetValue<string>();
        string json = Path.Combine(directory, name + ".json");
        File.WriteAllText(json, manifest.ToJsonString());
        if (onnx is not null)
        {
            File.WriteAllBytes(Path.Combine(directory, name + ".onnx"), onnx);
        }

        return json;
    }
}
