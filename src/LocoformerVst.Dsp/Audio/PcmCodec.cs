using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LocoformerVst.Dsp.Audio;

/// <summary>How one sample is stored in a WAV data chunk.</summary>
internal enum PcmEncoding
{
    UInt8,
    Int16,
    Int24,
    Int32,
    Float32,
    Float64,
}

/// <summary>
/// Converts interleaved little-endian WAV sample bytes to floats and back. Integers scale by 2^(bits-1) both ways
/// (-1.0 is the most negative code, +1.0 clips to the most positive one), so a read-then-write is bit-exact.
/// Writes round to nearest and clamp; no dither is added, which keeps output deterministic and round trips exact
/// (dither is a mastering decision, and float or 24-bit output makes it moot for stems).
/// </summary>
internal static class PcmCodec
{
    public static int BytesPerSample(PcmEncoding e) => e switch
    {
        PcmEncoding.UInt8 => 1,
        PcmEncoding.Int16 => 2,
        PcmEncoding.Int24 => 3,
        PcmEncoding.Int32 => 4,
        PcmEncoding.Float32 => 4,
        PcmEncoding.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(e)),
    };

    public static bool IsFloat(PcmEncoding e) => e is PcmEncoding.Float32 or PcmEncoding.Float64;

    public static PcmEncoding ForWrite(WavSampleFormat f) => f switch
    {
        WavSampleFormat.Int16 => PcmEncoding.Int16,
        WavSampleFormat.Int24 => PcmEncoding.Int24,
        WavSampleFormat.Int32 => PcmEncoding.Int32,
        WavSampleFormat.Float32 => PcmEncoding.Float32,
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "unknown WavSampleFormat"),
    };

    /// <summary>Decodes <c>destination.Length</c> samples from <paramref name="source"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, Span<float> destination, PcmEncoding e)
    {
        int n = destination.Length;
        switch (e)
        {
            case PcmEncoding.UInt8:
                for (int i = 0; i < n; i++)
                {
                    destination[i] = (source[i] - 128) * (1f / 128f);
                }

                break;
            case PcmEncoding.Int16:
                for (int i = 0; i < n; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]) * (1f / 32768f);
                }

                break;
            case PcmEncoding.Int24:
                for (int i = 0; i < n; i++)
                {
                    int o = 3 * i;
                    int v = source[o] | (source[o + 1] << 8) | ((sbyte)source[o + 2] << 16);
                    destination[i] = v * (1f / 8388608f);
                }

                break;
            case PcmEncoding.Int32:
                for (int i = 0; i < n; i++)
                {
                    destination[i] = (float)(BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]) * (1.0 / 2147483648.0));
                }

                break;
            case PcmEncoding.Float32:
                // .NET's supported targets are little-endian, like WAV, so the bytes are the floats.
                MemoryMarshal.Cast<byte, float>(source[..(4 * n)]).CopyTo(destination);

                break;
            case PcmEncoding.Float64:
                for (int i = 0; i < n; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e));
        }
    }

    /// <summary>Encodes <paramref name="source"/> into <paramref name="destination"/> (integer formats round and clamp).</summary>
    public static void Encode(ReadOnlySpan<float> source, Span<byte> destination, PcmEncoding e)
    {
        int n = source.Length;
        switch (e)
        {
            case PcmEncoding.Int16:
                for (int i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], (short)Quantize(source[i], 32768.0));
                }

                break;
            case PcmEncoding.Int24:
                for (int i = 0; i < n; i++)
                {
                    int v = (int)Quantize(source[i], 8388608.0);
                    int o = 3 * i;
                    destination[o] = (byte)v;
                    destination[o + 1] = (byte)(v >> 8);
                    destination[o + 2] = (byte)(v >> 16);
                }

                break;
            case PcmEncoding.Int32:
                for (int i = 0; i < n; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(destination[(4 * i)..], (int)Quantize(source[i], 2147483648.0));
                }

                break;
            case PcmEncoding.Float32:
                MemoryMarshal.AsBytes(source).CopyTo(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e, "only Int16, Int24, Int32 and Float32 are written");
        }
    }

    // Round half to even in double (exact for every float input), then clamp to [-scale, scale - 1].
    private static long Quantize(float x, double scale) =>
        (long)Math.Clamp(Math.Round(x * scale, MidpointRounding.ToEven), -scale, scale - 1);
}
