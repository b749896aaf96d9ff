using System.Buffers.Binary;
using LocoformerVst.Vst3;
using LocoformerVst.Vst3.State;

namespace LocoformerVst.Plugin;

/// <summary>
/// Writes .vstpreset files (the VST3 preset file format) whose 'Comp' chunk is exactly what the plugin's getState
/// writes, so a preset can never disagree with the state reader. Layout, little-endian:
/// <c>"VST3" | i32 version 1 | 32 ASCII hex chars class ID | i64 offset of the chunk list</c>, the chunk data, then
/// <c>"List" | i32 n | n × ("Comp" or other 4-char ID | i64 offset | i64 size)</c>.
/// </summary>
public static class PresetWriter
{
    public const int FormatVersion = 1;
    public const int HeaderSize = 48;

    /// <summary>The bytes of a preset holding <paramref name="plugin"/>'s current state.</summary>
    public static byte[] Build(AudioPluginBase plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        using var component = new MemoryStream();
        PluginState.Write(plugin, component);
        byte[] state = component.ToArray();

        const int ListEntrySize = 4 + 8 + 8;
        long listOffset = HeaderSize + state.Length;
        var file = new byte[listOffset + 8 + ListEntrySize];
        Span<byte> span = file;
        "VST3"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], FormatVersion);
        ClassIdText(plugin.ProcessorClassId).CopyTo(span[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[40..], listOffset);
        state.CopyTo(span[HeaderSize..]);

        Span<byte> list = span[(int)listOffset..];
        "List"u8.CopyTo(list);
        BinaryPrimitives.WriteInt32LittleEndian(list[4..], 1);
        "Comp"u8.CopyTo(list[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(list[12..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(list[20..], state.Length);
        return file;
    }

    /// <summary>Writes the preset atomically (a temporary file in the same folder, then a rename).</summary>
    public static void Write(string path, AudioPluginBase plugin)
    {
        byte[] bytes = Build(plugin);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    // The SDK prints a class ID as its four 32-bit words in hex, which equals the GUID's canonical digit order.
    private static byte[] ClassIdText(Guid id) => System.Text.Encoding.ASCII.GetBytes(id.ToString("N").ToUpperInvariant());
}
