using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// The few lane permutations the FFT needs (reverse, even/odd split, even/odd merge), with a hardware fast path for
/// 256- and 128-bit vectors and a scalar fallback, so the FFT kernels themselves stay width-agnostic.
/// </summary>
internal static class SimdShuffle
{
    /// <summary>Returns the lanes of <paramref name="v"/> in reverse order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Reverse(Vector<float> v)
    {
        // The width checks are JIT-time constants, so only one branch survives in the compiled code.
        if (Vector<float>.Count == 8 && Vector256.IsHardwareAccelerated)
        {
            return Vector256.Shuffle(v.AsVector256(), Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0)).AsVector();
        }

        if (Vector<float>.Count == 4 && Vector128.IsHardwareAccelerated)
        {
            return Vector128.Shuffle(v.AsVector128(), Vector128.Create(3, 2, 1, 0)).AsVector();
        }

        if (Vector<float>.Count == 16 && Vector512.IsHardwareAccelerated)
        {
            return Vector512.Shuffle(
                v.AsVector512(), Vector512.Create(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)).AsVector();
        }

        return ReverseScalar(v);
    }

    private static Vector<float> ReverseScalar(Vector<float> v)
    {
        Span<float> lanes = stackalloc float[Vector<float>.Count];
        v.CopyTo(lanes);
        lanes.Reverse();
        return new Vector<float>(lanes);
    }

    /// <summary>Splits interleaved pairs: <c>even[i] = source[2i]</c>, <c>odd[i] = source[2i + 1]</c>, i &lt; even.Length.</summary>
    public static void Deinterleave(ReadOnlySpan<float> source, Span<float> even, Span<float> odd)
    {
        int count = even.Length;
        if (source.Length < 2 * count || odd.Length < count)
        {
            throw new ArgumentException($"Deinterleave of {count} pairs needs {2 * count} source values and {count} odd slots.");
        }

        ref float src = ref MemoryMarshal.GetReference(source);
        ref float e = ref MemoryMarshal.GetReference(even);
        ref float o = ref MemoryMarshal.GetReference(odd);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // [x0..x7] -> [x0 x2 x4 x6 | x1 x3 x5 x7]; the two 128-bit halves of two such vectors are the result.
            Vector256<int> split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; i + 8 <= count; i += 8)
            {
                Vector256<float> a = Vector256.Shuffle(Vector256.LoadUnsafe(ref src, (nuint)(2 * i)), split);
                Vector256<float> b = Vector256.Shuffle(Vector256.LoadUnsafe(ref src, (nuint)(2 * i + 8)), split);
                Vector256.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref e, (nuint)i);
                Vector256.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref o, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<int> split = Vector128.Create(0, 2, 1, 3);
            for (; i + 4 <= count; i += 4)
            {
                Vector128<float> a = Vector128.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(2 * i)), split);
                Vector128<float> b = Vector128.Shuffle(Vector128.LoadUnsafe(ref src, (nuint)(2 * i + 4)), split);
                Vector128.Create(a.GetLower(), b.GetLower()).StoreUnsafe(ref e, (nuint)i);
                Vector128.Create(a.GetUpper(), b.GetUpper()).StoreUnsafe(ref o, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            even[i] = source[2 * i];
            odd[i] = source[2 * i + 1];
        }
    }

    /// <summary>Merges two planes into pairs: <c>destination[2i] = even[i]</c>, <c>destination[2i + 1] = odd[i]</c>.</summary>
    public static void Interleave(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> destination)
    {
        int count = even.Length;
        if (odd.Length < count || destination.Length < 2 * count)
        {
            throw new ArgumentException($"Interleave of {count} pairs needs {count} odd values and {2 * count} destination slots.");
        }

        ref float e = ref MemoryMarshal.GetReference(even);
        ref float o = ref MemoryMarshal.GetReference(odd);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // [e0 e1 e2 e3 | o0 o1 o2 o3] -> [e0 o0 e1 o1 e2 o2 e3 o3]
            Vector256<int> zip = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
            for (; i + 8 <= count; i += 8)
            {
                Vector256<float> ev = Vector256.LoadUnsafe(ref e, (nuint)i);
                Vector256<float> od = Vector256.LoadUnsafe(ref o, (nuint)i);
                Vector256.Shuffle(Vector256.Create(ev.GetLower(), od.GetLower()), zip).StoreUnsafe(ref dst, (nuint)(2 * i));
                Vector256.Shuffle(Vector256.Create(ev.GetUpper(), od.GetUpper()), zip).StoreUnsafe(ref dst, (nuint)(2 * i + 8));
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<int> zip = Vector128.Create(0, 2, 1, 3);
            for (; i + 4 <= count; i += 4)
            {
                Vector128<float> ev = Vector128.LoadUnsafe(ref e, (nuint)i);
                Vector128<float> od = Vector128.LoadUnsafe(ref o, (nuint)i);
                Vector128.Shuffle(Vector128.Create(ev.GetLower(), od.GetLower()), zip).StoreUnsafe(ref dst, (nuint)(2 * i));
                Vector128.Shuffle(Vector128.Create(ev.GetUpper(), od.GetUpper()), zip).StoreUnsafe(ref dst, (nuint)(2 * i + 4));
            }
        }

        for (; i < count; i++)
        {
            destination[2 * i] = even[i];
            destination[2 * i + 1] = odd[i];
        }
    }
}
