using System.Buffers.Binary;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.State;
using LocoformerVst.Vst3.Tests.Support;
using LocoformerVst.Vst3.TestPlugin;

namespace LocoformerVst.Vst3.Tests;

/// <summary>The processor state format: what it restores, and that anything malformed is refused whole.</summary>
public sealed unsafe class PluginStateTests
{
    [Fact]
    public void A_saved_state_restores_every_parameter_in_another_instance()
    {
        var source = new GainDelayPlugin();
        Set(source, GainDelayPlugin.GainId, 0.125);
        Set(source, GainDelayPlugin.LatencyId, 0.25);
        Set(source, GainDelayPlugin.BypassId, 1);
        byte[] state = Save(source);

        var target = new GainDelayPlugin();
        Assert.True(PluginState.TryRead(target, new MemoryStream(state), out string error), error);
        Assert.Equal(source.Parameters.Select(p => p.NormalizedValue), target.Parameters.Select(p => p.NormalizedValue));
    }

    [Fact]
    public void A_host_stream_that_returns_a_few_bytes_per_read_is_read_to_the_end()
    {
        var source = new GainDelayPlugin();
        Set(source, GainDelayPlugin.GainId, 0.9);
        var stream = new TestStream(Save(source)); // answers at most 7 bytes per read
        var target = new GainDelayPlugin();
        Assert.True(PluginState.TryRead(target, new HostStream(stream.Pointer), out string error), error);
        Assert.Equal(0.9, Value(target, GainDelayPlugin.GainId));
        stream.Release();
    }

    [Fact]
    public void Every_truncation_of_a_state_is_refused_and_changes_nothing()
    {
        var source = new GainDelayPlugin();
        Set(source, GainDelayPlugin.GainId, 0.1);
        byte[] state = Save(source);
        var target = new GainDelayPlugin();
        for (int length = 0; length < state.Length; length++)
        {
            Assert.False(PluginState.TryRead(target, new MemoryStream(state[..length]), out _), $"prefix of {length} bytes");
            Assert.Equal(2.0 / 3.0, Value(target, GainDelayPlugin.GainId), 12);
        }
    }

    [Theory]
    [InlineData("magic")]
    [InlineData("version")]
    [InlineData("count")]
    [InlineData("nan")]
    [InlineData("range")]
    public void Malformed_fields_are_refused_with_a_reason(string field)
    {
        byte[] state = Save(new GainDelayPlugin());
        Span<byte> s = state;
        string expected;
        switch (field)
        {
            case "magic":
                s[0] = (byte)'X';
                expected = "LVS3";
                break;
            case "version":
                BinaryPrimitives.WriteInt32LittleEndian(s[4..], 2);
                expected = "version 2";
                break;
            case "count":
                BinaryPrimitives.WriteInt32LittleEndian(s[8..], 1_000_000);
                expected = "1000000 parameters";
                break;
            default:
                BinaryPrimitives.WriteDoubleLittleEndian(s[16..], field == "nan" ? double.NaN : 1.5);
                expected = "[0, 1]";
                break;
        }
        var target = new GainDelayPlugin();
        Assert.False(PluginState.TryRead(target, new MemoryStream(state), out string error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void A_huge_declared_length_is_refused_without_allocating_it()
    {
        byte[] state = Save(new GainDelayPlugin());
        int lengthAt = state.Length - 8 - 4; // before the plugin's 8 bytes
        BinaryPrimitives.WriteInt32LittleEndian(state.AsSpan(lengthAt), 200 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.False(PluginState.TryRead(new GainDelayPlugin(), new MemoryStream(state), out string error));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("ends after", error);
    }

    [Fact]
    public void Unknown_parameter_ids_are_skipped_and_missing_ones_keep_their_values()
    {
        var state = new MemoryStream();
        Span<byte> header = stackalloc byte[12 + 24 + 4];
        "LVS3"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 777); // no such parameter
        BinaryPrimitives.WriteDoubleLittleEndian(header[16..], 0.3);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], GainDelayPlugin.GainId);
        BinaryPrimitives.WriteDoubleLittleEndian(header[28..], 0.4);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], 8);
        state.Write(header);
        state.Write("GDLY"u8);
        state.Write([1, 0, 0, 0]);
        state.Position = 0;

        var target = new GainDelayPlugin();
        Set(target, GainDelayPlugin.BypassId, 1);
        Assert.True(PluginState.TryRead(target, state, out string error), error);
        Assert.Equal(0.4, Value(target, GainDelayPlugin.GainId));
        Assert.Equal(1.0, Value(target, GainDelayPlugin.BypassId));
    }

    private static byte[] Save(AudioPluginBase plugin)
    {
        var stream = new MemoryStream();
        PluginState.Write(plugin, stream);
        return stream.ToArray();
    }

    private static void Set(AudioPluginBase plugin, uint id, double normalized)
    {
        Assert.True(plugin.TryGetParameter(id, out Parameter? p));
        p.NormalizedValue = normalized;
    }

    private static double Value(AudioPluginBase plugin, uint id) =>
        plugin.TryGetParameter(id, out Parameter? p) ? p.NormalizedValue : double.NaN;
}
