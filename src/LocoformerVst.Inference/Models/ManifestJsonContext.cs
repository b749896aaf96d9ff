using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocoformerVst.Inference.Models;

/// <summary>
/// Source-generated System.Text.Json metadata for the manifest, so reading works under NativeAOT and trimming
/// without reflection. Nullable annotations and `required` are enforced, so a missing or null field is an error.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
