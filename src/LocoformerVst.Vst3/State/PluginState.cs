using System.Buffers.Binary;

namespace LocoformerVst.Vst3.State;

/// <summary>
/// The processor state blob every plugin gets: parameter values by ID plus the plugin's own bytes
/// (<see cref="AudioPluginBase.SaveState"/>). Explicit little-endian fields:
/// <c>"LVS3" | u32 version | u32 n | n × (u32 id, f64 normalized) | u32 length | length bytes</c>.
/// Reading validates everything before applying anything, so a bad blob leaves the plugin as it was. Public so that
/// tools (a .vstpreset writer) produce exactly what the plugin's getState writes.
/// </summary>
public static class PluginState
{
    public const int Version = 1;
    public const int MaxParameters = 65536;
    public const int MaxCustomBytes = 256 << 20;
    private static ReadOnlySpan<byte> Magic => "LVS3"u8;

    public static void Write(AudioPluginBase plugin, Stream output)
    {
        var custom = new MemoryStream();
        plugin.SaveState(custom);
        if (custom.Length > MaxCustomBytes)
            throw new InvalidOperationException(
                $"{plugin.Name} saved {custom.Length} bytes of state; at most {MaxCustomBytes} are supported.");

        IReadOnlyList<Parameter> parameters = plugin.Parameters;
        var buffer = new byte[12 + parameters.Count * 12 + 4 + custom.Length];
        Span<byte> span = buffer;
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], parameters.Count);
        int at = 12;
        foreach (Parameter p in parameters)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], p.Id);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 4)..], p.NormalizedValue);
            at += 12;
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], (int)custom.Length);
        custom.GetBuffer().AsSpan(0, (int)custom.Length).CopyTo(span[(at + 4)..]);
        output.Write(buffer);
    }

    /// <summary>Reads a state blob and applies it; false (with the reason) and nothing applied if it is not valid.</summary>
    public static bool TryRead(AudioPluginBase plugin, Stream input, out string error)
    {
        try
        {
            Read(plugin, input);
            error = "";
            return true;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            error = e.Message;
            return false;
        }
    }

    private static void Read(AudioPluginBase plugin, Stream input)
    {
        Span<byte> header = stackalloc byte[12];
        input.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic))
            throw new InvalidDataException(
                $"Not a {plugin.Name} state: it starts with {Convert.ToHexString(header[..4])}, expected \"LVS3\".");
        int version = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        if (version != Version)
            throw new InvalidDataException($"State format version {version} is not supported (this build reads {Version}).");
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (count is < 0 or > MaxParameters)
            throw new InvalidDataException($"State declares {count} parameters; 0 to {MaxParameters} are supported.");

        byte[] values = ReadBytes(input, count * 12);
        Span<byte> lengthBytes = stackalloc byte[4];
        input.ReadExactly(lengthBytes);
        int length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length is < 0 or > MaxCustomBytes)
            throw new InvalidDataException($"State declares {length} plugin bytes; 0 to {MaxCustomBytes} are supported.");
        byte[] custom = ReadBytes(input, length);

        for (int i = 0; i < count; i++)
        {
            double value = BinaryPrimitives.ReadDoubleLittleEndian(values.AsSpan(i * 12 + 4));
            if (!(value >= 0.0 && value <= 1.0))
                throw new InvalidDataException($"State holds normalized value {value} (entry {i}); values lie in [0, 1].");
        }

        plugin.RestoreState(new MemoryStream(custom, writable: false));

        // Unknown IDs (a parameter a newer build removed) are skipped; parameters the blob lacks keep their values.
        for (int i = 0; i < count; i++)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(values.AsSpan(i * 12));
            if (plugin.TryGetParameter(id, out Parameter? parameter))
                parameter.NormalizedValue = BinaryPrimitives.ReadDoubleLittleEndian(values.AsSpan(i * 12 + 4));
        }
    }

    // Grows with what the stream really holds, so a corrupt length cannot make us allocate hundreds of megabytes.
    private static byte[] ReadBytes(Stream input, int length)
    {
        var bytes = new MemoryStream(Math.Min(length, 1 << 16));
        Span<byte> chunk = stackalloc byte[4096];
        while (bytes.Length < length)
        {
            int want = (int)Math.Min(chunk.Length, length - bytes.Length);
            int read = input.Read(chunk[..want]);
            if (read <= 0)
                throw new EndOfStreamException($"State ends after {bytes.Length} of {length} declared bytes.");
            bytes.Write(chunk[..read]);
        }
        return bytes.ToArray();
    }
}
