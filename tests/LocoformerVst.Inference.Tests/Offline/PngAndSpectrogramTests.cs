using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Inference.Tests.Offline;

public sealed class PngAndSpectrogramTests
{
    [Fact]
    public void Encoded_png_decodes_to_the_same_pixels()
    {
        var rgb = new byte[5 * 3 * 3];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 37);
        }

        using var stream = new MemoryStream();
        PngEncoder.Write(stream, 5, 3, rgb);

        (int width, int height, byte[] decoded) = PngReader.Read(stream.ToArray());
        Assert.Equal((5, 3), (width, height));
        Assert.Equal(rgb, decoded);
    }

    [Fact]
    public void Crc32_matches_the_published_check_value()
    {
        // The CRC-32 check value of the ASCII string "123456789".
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8));
    }

    [Fact]
    public void A_tone_lights_up_the_row_of_its_frequency_and_not_far_ones()
    {
        const int rate = 44_100, length = 4 * rate;
        var renderer = new SpectrogramRenderer(rate, 1, length);
        var block = new float[length];
        for (int i = 0; i < length; i++)
        {
            block[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / rate));
        }

        renderer.Add(block);
        using var stream = new MemoryStream();
        renderer.WritePng(stream);
        (int width, int height, byte[] rgb) = PngReader.Read(stream.ToArray());

        // Rows run log-spaced from 20 kHz (top) to 30 Hz (bottom); 1 kHz sits at this row.
        int toneRow = (int)Math.Round(Math.Log(20_000 / 1000.0) / Math.Log(20_000 / 30.0) * (height - 1));
        int column = width / 2;
        int Brightness(int row) => rgb[(row * width + column) * 3] + rgb[(row * width + column) * 3 + 1] + rgb[(row * width + column) * 3 + 2];
        Assert.True(Brightness(toneRow) > 450, $"tone row brightness {Brightness(toneRow)}");
        Assert.True(Brightness(height - 5) < 100, "60 dB below the tone at 35 Hz must be dark");
        Assert.True(Brightness(5) < 100, "far above the tone must be dark");
    }
}
