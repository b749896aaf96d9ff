using System.Buffers.Binary;
using System.Text;

namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>Reads a .vstpreset per the VST3 preset file layout, independently of the plugin's writer.</summary>
public sealed record VstPreset(string ClassId, IReadOnlyDictionary<string, byte[]> Chunks)
{
    public static VstPreset Read(byte[] file)
    {
        Assert.True(file.Length >= 48, "header is 48 bytes");
        Assert.Equal("VST3", Encoding.ASCII.GetString(file, 0, 4));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(4)));
        string classId = Encoding.ASCII.GetString(file, 8, 32);
        long listOffset = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(40));
        Assert.Equal("List", Encoding.ASCII.GetString(file, (int)listOffset, 4));
        int count = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan((int)listOffset + 4));
        var chunks = new Dictionary<string, byte[]>();
        for (int i = 0; i < count; i++)
        {
            int entry = (int)listOffset + 8 + 20 * i;
            string id = Encoding.ASCII.GetString(file, entry, 4);
            long offset = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(entry + 4));
            long size = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(entry + 12));
            Assert.InRange(offset + size, 48, listOffset);
            chunks[id] = file[(int)offset..(int)(offset + size)];
        }
        Assert.Equal(listOffset + 8 + 20 * count, file.Length);
        return new VstPreset(classId, chunks);
    }
}
