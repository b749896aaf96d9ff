using System.Buffers.Binary;
using System.IO.Compression;

namespace LocoformerVst.Inference.Tests.Offline;

/// <summary>
/// A minimal, independent PNG reader for the tests: checks the signature, every chunk's CRC (computed bit by bit, not
/// with the encoder's table), the IHDR fields, and inflates the 8-bit RGB pixels.
/// </summary>
internal static class PngReader
{
    public static (int Width, int Height, byte[] Rgb) Read(byte[] png)
    {
        Assert.True(png.Length > 8 + 25 + 12, "too short to be a PNG");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        bool sawEnd = false;
        for (int pos = 8; pos < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(pos + 4, 4 + length)), crc);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);  // bit depth
                    Assert.Equal(2, data[9]);  // RGB
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
            }

            pos += 12 + length;
        }

        Assert.True(sawEnd, "no IEND chunk");
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        byte[] raw = inflated.ToArray();
        int stride = 1 + 3 * width;
        Assert.Equal(stride * height, raw.Length);
        var rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * stride]); // filter type none
            Array.Copy(raw, y * stride + 1, rgb, y * 3 * width, 3 * width);
        }

        return (width, height, rgb);
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}
