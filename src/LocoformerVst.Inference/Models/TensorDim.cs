using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocoformerVst.Inference.Models;

/// <summary>
/// One axis of a tensor shape as a manifest writes it: a fixed size (4, 1025) or a symbolic name ("batch", "frames")
/// for an axis whose size is chosen at run time.
/// </summary>
[JsonConverter(typeof(TensorDimJsonConverter))]
public readonly record struct TensorDim
{
    private TensorDim(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or null for a dynamic axis.</summary>
    public long? Size { get; }

    /// <summary>The name of a dynamic axis, or null for a fixed one.</summary>
    public string? Symbol { get; }

    public bool IsFixed => Size.HasValue;

    public static TensorDim Fixed(long size) => new(size, null);

    public static TensorDim Dynamic(string symbol) => new(null, symbol);

    public override string ToString() => Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";

    /// <summary>Formats a shape the way error messages show it: fixed sizes as numbers, dynamic axes as '?'.</summary>
    public static string Format(IEnumerable<TensorDim> shape) =>
        "[" + string.Join(",", shape.Select(d => d.IsFixed ? d.ToString() : "?")) + "]";
}

/// <summary>Reads a shape element written as either a JSON number or a JSON string (hand-written, so NativeAOT-safe).</summary>
internal sealed class TensorDimJsonConverter : JsonConverter<TensorDim>
{
    public override TensorDim Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out long size) && size > 0:
                return TensorDim.Fixed(size);
            case JsonTokenType.String when !string.IsNullOrWhiteSpace(reader.GetString()):
                return TensorDim.Dynamic(reader.GetString()!);
            default:
                throw new JsonException(
                    "a shape element must be a positive integer (fixed axis) or a non-empty string (dynamic axis)");
        }
    }

    public override void Write(Utf8JsonWriter writer, TensorDim value, JsonSerializerOptions options)
    {
        if (value.Size is long size)
        {
            writer.WriteNumberValue(size);
        }
        else
        {
            writer.WriteStringValue(value.Symbol);
        }
    }
}
