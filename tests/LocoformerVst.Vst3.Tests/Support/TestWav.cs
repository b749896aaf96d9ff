using System.Buffers.Binary;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>Test audio: deterministic stereo signals and a small WAV reader/writer (32-bit float, 16/24-bit PCM)
/// written against the RIFF format, independent of the C host's WAV code.</summary>
public static class TestWav
{
    /// <summary>Planar channels of a sine mix plus LCG noise: every sample distinct, so a one-sample shift shows.</summary>
    public static float[][] Signal(int channels, int frames, int seed = 1)
    {
        var data = new float[channels][];
        uint state = (uint)seed * 2654435761u;
        for (int c = 0; c < channels; c++)
        {
            data[c] = new float[frames];
            for (int i = 0; i < frames; i++)
            {
                state = state * 1664525u + 1013904223u;
                float noise = ((state >> 8) / 16777216f - 0.5f) * 0.2f;
                data[c][i] = 0.4f * MathF.Sin(2 * MathF.PI * (220 + 110 * c) * i / 44100f) + noise;
            }
        }
        return data;
    }

    public static void WriteFloat(string path, float[][] channels, int sampleRate) =>
        Write(path, channels, sampleRate, bits: 32, format: 3);

    /// <summary>Writes integer PCM; returns the values the file really holds (quantized), as floats.</summary>
    public static float[][] WritePcm(string path, float[][] channels, int sampleRate, int bits)
    {
        Write(path, channels, sampleRate, bits, format: 1);
        float scale = bits == 16 ? 32768f : 8388608f;
        return channels.Select(ch => ch.Select(v => Quantize(v, scale) / scale).ToArray()).ToArray();
    }

    public static (float[][] Channels, int SampleRate) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file.");
        int channels = 0, rate = 0, bits = 0, format = 0;
        for (int at = 12; at + 8 <= bytes.Length;)
        {
            ReadOnlySpan<byte> id = bytes.AsSpan(at, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at + 4));
            ReadOnlySpan<byte> body = bytes.AsSpan(at + 8, Math.Min(size, bytes.Length - at - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format != 3 || bits != 32)
                    throw new InvalidDataException($"{path}: expected 32-bit float, found format {format}/{bits} bits.");
                int frames = body.Length / (4 * channels);
                var data = new float[channels][];
                for (int c = 0; c < channels; c++)
                {
                    data[c] = new float[frames];
                    for (int i = 0; i < frames; i++)
                        data[c][i] = BinaryPrimitives.ReadSingleLittleEndian(body[((i * channels + c) * 4)..]);
                }
                return (data, rate);
            }
            at += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no data chunk.");
    }

    private static int Quantize(float v, float scale) =>
        (int)Math.Clamp(MathF.Round(v * scale), -scale, scale - 1);

    private static void Write(string path, float[][] channels, int sampleRate, int bits, int format)
    {
        int frames = channels[0].Length;
        int step = bits / 8;
        int dataBytes = frames * channels.Length * step;
        var file = new byte[44 + dataBytes];
        Span<byte> h = file;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], (short)format);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], (short)channels.Length);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * channels.Length * step);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], (short)(channels.Length * step));
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], (short)bits);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], dataBytes);
        float scale = bits == 16 ? 32768f : 8388608f;
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < channels.Length; c++)
            {
                Span<byte> at = h[(44 + (i * channels.Length + c) * step)..];
                if (format == 3)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(at, channels[c][i]);
                }
                else
                {
                    int q = Quantize(channels[c][i], scale);
                    for (int b = 0; b < step; b++)
                        at[b] = (byte)(q >> (8 * b));
                }
            }
        }
        File.WriteAllBytes(path, file);
    }
}
