using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Steps 2 and 3 of the four-step FFT in one pass: multiply a rows x columns complex matrix by its twiddles and write
/// it transposed, with the destination rows permuted. AVX 8x8 register transposes where available (the scalar
/// strided copy was a third of the FFT's time), a scalar loop otherwise; both round identically.
/// </summary>
internal static class TwiddleTranspose
{
    /// <summary>
    /// destination[order[j] * rows + i] = source[i * columns + j] * twiddle[i * columns + j], complex, planar.
    /// </summary>
    public static void Run(
        float[] sourceRe, float[] sourceIm, float[] twiddleRe, float[] twiddleIm, int rows, int columns,
        int[] order, float[] destinationRe, float[] destinationIm)
    {
        if (Avx.IsSupported && rows % 8 == 0 && columns % 8 == 0)
        {
            RunAvx(sourceRe, sourceIm, twiddleRe, twiddleIm, rows, columns, order, destinationRe, destinationIm);
        }
        else
        {
            RunScalar(sourceRe, sourceIm, twiddleRe, twiddleIm, rows, columns, order, destinationRe, destinationIm);
        }
    }

    private static void RunScalar(
        float[] sourceRe, float[] sourceIm, float[] twiddleRe, float[] twiddleIm, int rows, int columns,
        int[] order, float[] destinationRe, float[] destinationIm)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                int at = i * columns + j;
                float xr = sourceRe[at], xi = sourceIm[at], wr = twiddleRe[at], wi = twiddleIm[at];
                int to = order[j] * rows + i;
                destinationRe[to] = xr * wr - xi * wi;
                destinationIm[to] = xr * wi + xi * wr;
            }
        }
    }

    private static void RunAvx(
        float[] sourceRe, float[] sourceIm, float[] twiddleRe, float[] twiddleIm, int rows, int columns,
        int[] order, float[] destinationRe, float[] destinationIm)
    {
        ref float sRe = ref MemoryMarshal.GetArrayDataReference(sourceRe);
        ref float sIm = ref MemoryMarshal.GetArrayDataReference(sourceIm);
        ref float wRe = ref MemoryMarshal.GetArrayDataReference(twiddleRe);
        ref float wIm = ref MemoryMarshal.GetArrayDataReference(twiddleIm);
        ref float dRe = ref MemoryMarshal.GetArrayDataReference(destinationRe);
        ref float dIm = ref MemoryMarshal.GetArrayDataReference(destinationIm);
        ref int ord = ref MemoryMarshal.GetArrayDataReference(order);
        Span<Vector256<float>> re = stackalloc Vector256<float>[8];
        Span<Vector256<float>> im = stackalloc Vector256<float>[8];
        for (int i = 0; i < rows; i += 8)
        {
            for (int j = 0; j < columns; j += 8)
            {
                for (int r = 0; r < 8; r++)
                {
                    nuint at = (nuint)((i + r) * columns + j);
                    Vector256<float> xr = Vector256.LoadUnsafe(ref sRe, at), xi = Vector256.LoadUnsafe(ref sIm, at);
                    Vector256<float> tr = Vector256.LoadUnsafe(ref wRe, at), ti = Vector256.LoadUnsafe(ref wIm, at);
                    re[r] = xr * tr - xi * ti;
                    im[r] = xr * ti + xi * tr;
                }

                Transpose8x8(re);
                Transpose8x8(im);
                for (int c = 0; c < 8; c++)
                {
                    nuint to = (nuint)(Unsafe.Add(ref ord, j + c) * rows + i);
                    re[c].StoreUnsafe(ref dRe, to);
                    im[c].StoreUnsafe(ref dIm, to);
                }
            }
        }
    }

    // Classic unpack / shuffle / lane-permute transpose: 24 shuffles for 64 values.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(Span<Vector256<float>> m)
    {
        Vector256<float> t0 = Avx.UnpackLow(m[0], m[1]), t1 = Avx.UnpackHigh(m[0], m[1]);
        Vector256<float> t2 = Avx.UnpackLow(m[2], m[3]), t3 = Avx.UnpackHigh(m[2], m[3]);
        Vector256<float> t4 = Avx.UnpackLow(m[4], m[5]), t5 = Avx.UnpackHigh(m[4], m[5]);
        Vector256<float> t6 = Avx.UnpackLow(m[6], m[7]), t7 = Avx.UnpackHigh(m[6], m[7]);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        m[0] = Avx.Permute2x128(u0, u4, 0x20);
        m[1] = Avx.Permute2x128(u1, u5, 0x20);
        m[2] = Avx.Permute2x128(u2, u6, 0x20);
        m[3] = Avx.Permute2x128(u3, u7, 0x20);
        m[4] = Avx.Permute2x128(u0, u4, 0x31);
        m[5] = Avx.Permute2x128(u1, u5, 0x31);
        m[6] = Avx.Permute2x128(u2, u6, 0x31);
        m[7] = Avx.Permute2x128(u3, u7, 0x31);
    }
}
