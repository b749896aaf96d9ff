namespace LocoformerVst.Inference.Models;

/// <summary>The fixed numbers of the model I/O contract (models/README.md) that every manifest and ONNX file must agree with.</summary>
public static class ModelContract
{
    /// <summary>Manifest format version this build reads.</summary>
    public const int ManifestFormat = 1;

    public const int SampleRate = 44100;
    public const int NFft = 2048;
    public const int Hop = 512;
    public const string Window = "hann-periodic";

    /// <summary>Onesided STFT bins: NFft / 2 + 1.</summary>
    public const int Bins = NFft / 2 + 1;

    /// <summary>Rank of the input tensor [batch, 2*channels, frames, bins].</summary>
    public const int InputRank = 4;

    /// <summary>Rank of the output tensor [batch, stems, 2*channels, frames, bins].</summary>
    public const int OutputRank = 5;

    /// <summary>Tasks a manifest may declare, in the spelling the JSON uses.</summary>
    public static readonly IReadOnlyList<string> Tasks = ["separate", "clean", "identity"];
}
