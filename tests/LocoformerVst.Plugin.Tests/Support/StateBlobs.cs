using System.Buffers.Binary;
using LocoformerVst.Vst3;
using LocoformerVst.Vst3.State;

namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>Processor state files for the host's --load-state: from the plugin's real writer, or assembled by hand
/// from the documented layout (for old versions and damaged blobs).</summary>
public static class StateBlobs
{
    /// <summary>What getState of a plugin set to these plain values writes (list parameters: the index).</summary>
    public static byte[] FromWriter(params (uint Id, double Plain)[] values)
    {
        var plugin = new LocoformerPlugin();
        foreach ((uint id, double plain) in values)
        {
            Assert.True(plugin.TryGetParameter(id, out Parameter? p));
            p.NormalizedValue = p.ToNormalized(plain);
        }
        using var stream = new MemoryStream();
        PluginState.Write(plugin, stream);
        return stream.ToArray();
    }

    /// <summary>"LVS3" | u32 1 | u32 n | n × (u32 id, f64 normalized) | u32 length | plugin bytes, written by hand.</summary>
    public static byte[] Assemble((uint Id, double Normalized)[] values, byte[] pluginBytes)
    {
        var blob = new byte[12 + values.Length * 12 + 4 + pluginBytes.Length];
        "LVS3"u8.CopyTo(blob);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12 + 12 * i), values[i].Id);
            BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(16 + 12 * i), values[i].Normalized);
        }
        int at = 12 + values.Length * 12;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(at), (uint)pluginBytes.Length);
        pluginBytes.CopyTo(blob, at + 4);
        return blob;
    }

    /// <summary>Plugin settings version 1 as the format describes it: "LCFM" | u32 1 | u8 device.</summary>
    public static byte[] SettingsV1(byte device) => [(byte)'L', (byte)'C', (byte)'F', (byte)'M', 1, 0, 0, 0, device];
}
