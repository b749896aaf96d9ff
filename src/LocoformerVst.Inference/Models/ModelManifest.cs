using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocoformerVst.Inference.Models;

/// <summary>
/// The JSON file beside each .onnx (same base name): what the model separates, its STFT and shapes, and how to chunk
/// it. Read with <see cref="ModelManifestReader"/>, which also checks it against <see cref="ModelContract"/>.
/// </summary>
public sealed record ModelManifest
{
    public required int Format { get; init; }

    /// <summary>Model name; also the base name of the .json and .onnx files.</summary>
    public required string Name { get; init; }

    /// <summary>"separate", "clean" or "identity"; see <see cref="Kind"/>.</summary>
    public required string Task { get; init; }

    /// <summary>Stem names, in the order of the output's stem axis.</summary>
    public required IReadOnlyList<string> Stems { get; init; }

    /// <summary>Audio channels (2 = stereo); the tensors carry 2 * channels real/imag planes.</summary>
    public required int Channels { get; init; }

    public required int SampleRate { get; init; }

    public required StftManifest Stft { get; init; }

    public required ModelConfigManifest Config { get; init; }

    public required ChunkManifest Chunk { get; init; }

    public required TensorManifest Input { get; init; }

    public required TensorManifest Output { get; init; }

    public required long Parameters { get; init; }

    /// <summary>
    /// True when the network projects its stems so they sum to its input spectrum exactly (stems that partition the
    /// mix); absent in older manifests, which means false.
    /// </summary>
    public bool MixtureConsistent { get; init; }

    /// <summary>FLOPs the model spends per second of stereo audio (for throughput and real-time estimates).</summary>
    public required double FlopsPerSecond { get; init; }

    public required int Opset { get; init; }

    /// <summary>Free-form description of the training run.</summary>
    public JsonElement? Training { get; init; }

    /// <summary>Free-form evaluation results.</summary>
    public JsonElement? Metrics { get; init; }

    public string? License { get; init; }

    /// <summary>Real and imaginary planes per frame: 2 * <see cref="Channels"/>.</summary>
    [JsonIgnore]
    public int Planes => 2 * Channels;

    /// <summary><see cref="Task"/> as an enum; only valid on a manifest that passed validation.</summary>
    [JsonIgnore]
    public ModelTask Kind => Task switch
    {
        "separate" => ModelTask.Separate,
        "clean" => ModelTask.Clean,
        "identity" => ModelTask.Identity,
        _ => throw new InvalidOperationException($"task '{Task}' is not one of: {string.Join(", ", ModelContract.Tasks)}"),
    };
}

/// <summary>What a model does with the mix; decides how callers combine its stems.</summary>
public enum ModelTask
{
    Separate,
    Clean,
    Identity,
}

/// <summary>STFT settings the model was trained with; must match <see cref="ModelContract"/>.</summary>
public sealed record StftManifest
{
    public required int NFft { get; init; }
    public required int Hop { get; init; }
    public required string Window { get; init; }
    public required bool Center { get; init; }
}

/// <summary>Architecture hyper-parameters, informational except for display and FLOP estimates.</summary>
public sealed record ModelConfigManifest
{
    public required string Name { get; init; }
    public required int Width { get; init; }
    public required int Blocks { get; init; }
    public required int Heads { get; init; }
    public required int Groups { get; init; }
    public required int FfnExpansion { get; init; }
    public required int Kernel { get; init; }

    /// <summary>Bins per band (sums to 1025) for the band-split variant; null for a full-band model.</summary>
    public IReadOnlyList<int>? Bands { get; init; }
}

/// <summary>Recommended chunking: frames kept per inference plus context frames on each side.</summary>
public sealed record ChunkManifest
{
    public required int Frames { get; init; }
    public required int LeftContext { get; init; }
    public required int RightContext { get; init; }
}

/// <summary>Name and shape of the ONNX input or output tensor.</summary>
public sealed record TensorManifest
{
    public required string Name { get; init; }
    public required IReadOnlyList<TensorDim> Shape { get; init; }
}
