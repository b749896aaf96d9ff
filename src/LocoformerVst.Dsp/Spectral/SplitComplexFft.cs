using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Unnormalized forward complex FFT of a power-of-two size on planar (split real/imag) data: the engine under
/// <see cref="RealFft"/>. Not thread-safe: it owns its work matrices.
/// </summary>
/// <remarks>
/// Four-step layout, chosen so that every butterfly is a whole-row vector operation: the m inputs are viewed as a
/// Rows x Columns matrix (input j = j1 + Columns*j2 at row j2, column j1). Step 1 runs Rows-point FFTs down the columns
/// (vectorized across columns), step 2 multiplies by exp(-2 pi i j1 k2 / m), step 3 transposes, and step 4 runs
/// Columns-point FFTs down the new columns. Output k = k2 + Rows*k1 lands at row k1, column k2: natural order. Both
/// column FFTs are in-place decimation in time on bit-reversed rows; the reversal is folded into the input placement
/// (done by the caller while it copies or pre-processes its data) and into the transpose, so no separate permutation
/// pass exists. Stages are fused in pairs (radix 4) to halve the loads and stores.
/// </remarks>
internal sealed class SplitComplexFft
{
    private readonly int rows;
    private readonly int columns;
    private readonly int[] rowOrder;
    private readonly int[] columnOrder;
    // Radix-2 DIT twiddles exp(-i pi r / h) at index h + r for every stage half-size h (shared by both passes).
    private readonly float[] stageRe;
    private readonly float[] stageIm;
    // Four-step twiddles exp(-2 pi i j1 k2 / m) at [k2 * Columns + j1].
    private readonly float[] spreadRe;
    private readonly float[] spreadIm;
    private readonly float[] stagingRe;
    private readonly float[] stagingIm;
    private readonly float[] resultRe;
    private readonly float[] resultIm;

    public SplitComplexFft(int size)
    {
        if (size < 1 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The complex FFT size must be a power of two (1, 2, 4, ...).");
        }

        Size = size;
        int log = BitOperations.Log2((uint)size);
        int columnsLog = (log + 1) / 2;
        columns = 1 << columnsLog;
        rows = size / columns;
        rowOrder = BitReversal(rows);
        columnOrder = BitReversal(columns);

        int stageLength = Math.Max(2, Math.Max(rows, columns));
        stageRe = new float[stageLength];
        stageIm = new float[stageLength];
        for (int h = 1; h < stageLength; h <<= 1)
        {
            for (int r = 0; r < h; r++)
            {
                double angle = -Math.PI * r / h;
                stageRe[h + r] = (float)Math.Cos(angle);
                stageIm[h + r] = (float)Math.Sin(angle);
            }
        }

        spreadRe = new float[size];
        spreadIm = new float[size];
        for (int k2 = 0; k2 < rows; k2++)
        {
            for (int j1 = 0; j1 < columns; j1++)
            {
                // Reduce the exponent modulo m first so large products keep full double precision.
                double angle = -2.0 * Math.PI * ((long)j1 * k2 % size) / size;
                spreadRe[k2 * columns + j1] = (float)Math.Cos(angle);
                spreadIm[k2 * columns + j1] = (float)Math.Sin(angle);
            }
        }

        stagingRe = new float[size];
        stagingIm = new float[size];
        resultRe = new float[size];
        resultIm = new float[size];
    }

    public int Size { get; }

    /// <summary>Rows of the staging matrix; input element j belongs to row j / Columns.</summary>
    public int Rows => rows;

    /// <summary>Columns of the staging matrix (the contiguous dimension).</summary>
    public int Columns => columns;

    /// <summary>Where input row j2 must be written in the staging matrix (bit-reversed row index).</summary>
    public ReadOnlySpan<int> RowOrder => rowOrder;

    /// <summary>Real parts of the input, written by the caller in row order <see cref="RowOrder"/>.</summary>
    public Span<float> StagingReal => stagingRe;

    /// <summary>Imaginary parts of the input, same layout as <see cref="StagingReal"/>.</summary>
    public Span<float> StagingImag => stagingIm;

    /// <summary>Real parts of the spectrum in natural order after <see cref="Execute"/>.</summary>
    public ReadOnlySpan<float> ResultReal => resultRe;

    /// <summary>Imaginary parts of the spectrum in natural order after <see cref="Execute"/>.</summary>
    public ReadOnlySpan<float> ResultImag => resultIm;

    /// <summary>Transforms the staged input into <see cref="ResultReal"/>/<see cref="ResultImag"/>. // audio thread</summary>
    public void Execute()
    {
        ColumnFfts(stagingRe, stagingIm, rows, columns);
        TwiddleTranspose.Run(stagingRe, stagingIm, spreadRe, spreadIm, rows, columns, columnOrder, resultRe, resultIm);
        ColumnFfts(resultRe, resultIm, columns, rows);
    }

    /// <summary>Convenience form: stages natural-order input, executes, copies the result out.</summary>
    public void Forward(ReadOnlySpan<float> inputRe, ReadOnlySpan<float> inputIm, Span<float> outputRe, Span<float> outputIm)
    {
        for (int j2 = 0; j2 < rows; j2++)
        {
            int target = rowOrder[j2] * columns;
            inputRe.Slice(j2 * columns, columns).CopyTo(stagingRe.AsSpan(target, columns));
            inputIm.Slice(j2 * columns, columns).CopyTo(stagingIm.AsSpan(target, columns));
        }

        Execute();
        resultRe.AsSpan().CopyTo(outputRe);
        resultIm.AsSpan().CopyTo(outputIm);
    }

    private static int[] BitReversal(int count)
    {
        int bits = BitOperations.Log2((uint)count);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            int reversed = 0;
            for (int b = 0; b < bits; b++)
            {
                reversed |= ((i >> b) & 1) << (bits - 1 - b);
            }

            order[i] = reversed;
        }

        return order;
    }

    // In-place DIT FFT of length rowCount down every column of a rowCount x width matrix whose rows are in
    // bit-reversed order. Each butterfly combines whole rows, vectorized across the width.
    private void ColumnFfts(float[] re, float[] im, int rowCount, int width)
    {
        ref float r = ref MemoryMarshal.GetArrayDataReference(re);
        ref float i = ref MemoryMarshal.GetArrayDataReference(im);
        ref float wRe = ref MemoryMarshal.GetArrayDataReference(stageRe);
        ref float wIm = ref MemoryMarshal.GetArrayDataReference(stageIm);
        nuint w = (nuint)width;
        int h = 1;
        if ((BitOperations.Log2((uint)rowCount) & 1) == 1)
        {
            // An odd number of stages: the first (twiddle 1) runs alone so the rest pair up.
            for (int b = 0; b < rowCount; b += 2)
            {
                Radix2(ref r, ref i, (nuint)b * w, (nuint)(b + 1) * w, w);
            }

            h = 2;
        }

        for (; h < rowCount; h <<= 2)
        {
            for (int b = 0; b < rowCount; b += 4 * h)
            {
                for (int q = 0; q < h; q++)
                {
                    nuint row0 = (nuint)(b + q) * w;
                    nuint step = (nuint)h * w;
                    Radix4(
                        ref r, ref i, row0, step, w,
                        Unsafe.Add(ref wRe, h + q), Unsafe.Add(ref wIm, h + q),
                        Unsafe.Add(ref wRe, 2 * h + q), Unsafe.Add(ref wIm, 2 * h + q),
                        Unsafe.Add(ref wRe, 3 * h + q), Unsafe.Add(ref wIm, 3 * h + q));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Radix2(ref float re, ref float im, nuint top, nuint bottom, nuint width)
    {
        nuint c = 0;
        nuint lanes = (nuint)Vector<float>.Count;
        for (; c + lanes <= width; c += lanes)
        {
            Vector<float> ar = Vector.LoadUnsafe(ref re, top + c);
            Vector<float> ai = Vector.LoadUnsafe(ref im, top + c);
            Vector<float> br = Vector.LoadUnsafe(ref re, bottom + c);
            Vector<float> bi = Vector.LoadUnsafe(ref im, bottom + c);
            (ar + br).StoreUnsafe(ref re, top + c);
            (ai + bi).StoreUnsafe(ref im, top + c);
            (ar - br).StoreUnsafe(ref re, bottom + c);
            (ai - bi).StoreUnsafe(ref im, bottom + c);
        }

        for (; c < width; c++)
        {
            float ar = Unsafe.Add(ref re, top + c), ai = Unsafe.Add(ref im, top + c);
            float br = Unsafe.Add(ref re, bottom + c), bi = Unsafe.Add(ref im, bottom + c);
            Unsafe.Add(ref re, top + c) = ar + br;
            Unsafe.Add(ref im, top + c) = ai + bi;
            Unsafe.Add(ref re, bottom + c) = ar - br;
            Unsafe.Add(ref im, bottom + c) = ai - bi;
        }
    }

    // Two fused radix-2 DIT stages on rows row0 + {0,1,2,3}*step: stage h pairs (0,1) and (2,3) with w1,
    // stage 2h pairs (0,2) with w2 and (1,3) with w3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Radix4(
        ref float re, ref float im, nuint row0, nuint step, nuint width,
        float w1r, float w1i, float w2r, float w2i, float w3r, float w3i)
    {
        nuint row1 = row0 + step, row2 = row1 + step, row3 = row2 + step;
        nuint c = 0;
        nuint lanes = (nuint)Vector<float>.Count;
        if (c + lanes <= width)
        {
            var v1r = new Vector<float>(w1r);
            var v1i = new Vector<float>(w1i);
            var v2r = new Vector<float>(w2r);
            var v2i = new Vector<float>(w2i);
            var v3r = new Vector<float>(w3r);
            var v3i = new Vector<float>(w3i);
            for (; c + lanes <= width; c += lanes)
            {
                Vector<float> x0r = Vector.LoadUnsafe(ref re, row0 + c), x0i = Vector.LoadUnsafe(ref im, row0 + c);
                Vector<float> x1r = Vector.LoadUnsafe(ref re, row1 + c), x1i = Vector.LoadUnsafe(ref im, row1 + c);
                Vector<float> x2r = Vector.LoadUnsafe(ref re, row2 + c), x2i = Vector.LoadUnsafe(ref im, row2 + c);
                Vector<float> x3r = Vector.LoadUnsafe(ref re, row3 + c), x3i = Vector.LoadUnsafe(ref im, row3 + c);

                Vector<float> tr = x1r * v1r - x1i * v1i, ti = x1r * v1i + x1i * v1r;
                x1r = x0r - tr; x1i = x0i - ti; x0r += tr; x0i += ti;
                tr = x3r * v1r - x3i * v1i; ti = x3r * v1i + x3i * v1r;
                x3r = x2r - tr; x3i = x2i - ti; x2r += tr; x2i += ti;

                tr = x2r * v2r - x2i * v2i; ti = x2r * v2i + x2i * v2r;
                (x0r - tr).StoreUnsafe(ref re, row2 + c);
                (x0i - ti).StoreUnsafe(ref im, row2 + c);
                (x0r + tr).StoreUnsafe(ref re, row0 + c);
                (x0i + ti).StoreUnsafe(ref im, row0 + c);
                tr = x3r * v3r - x3i * v3i; ti = x3r * v3i + x3i * v3r;
                (x1r - tr).StoreUnsafe(ref re, row3 + c);
                (x1i - ti).StoreUnsafe(ref im, row3 + c);
                (x1r + tr).StoreUnsafe(ref re, row1 + c);
                (x1i + ti).StoreUnsafe(ref im, row1 + c);
            }
        }

        for (; c < width; c++)
        {
            float x0r = Unsafe.Add(ref re, row0 + c), x0i = Unsafe.Add(ref im, row0 + c);
            float x1r = Unsafe.Add(ref re, row1 + c), x1i = Unsafe.Add(ref im, row1 + c);
            float x2r = Unsafe.Add(ref re, row2 + c), x2i = Unsafe.Add(ref im, row2 + c);
            float x3r = Unsafe.Add(ref re, row3 + c), x3i = Unsafe.Add(ref im, row3 + c);

            float tr = x1r * w1r - x1i * w1i, ti = x1r * w1i + x1i * w1r;
            x1r = x0r - tr; x1i = x0i - ti; x0r += tr; x0i += ti;
            tr = x3r * w1r - x3i * w1i; ti = x3r * w1i + x3i * w1r;
            x3r = x2r - tr; x3i = x2i - ti; x2r += tr; x2i += ti;

            tr = x2r * w2r - x2i * w2i; ti = x2r * w2i + x2i * w2r;
            Unsafe.Add(ref re, row2 + c) = x0r - tr;
            Unsafe.Add(ref im, row2 + c) = x0i - ti;
            Unsafe.Add(ref re, row0 + c) = x0r + tr;
            Unsafe.Add(ref im, row0 + c) = x0i + ti;
            tr = x3r * w3r - x3i * w3i; ti = x3r * w3i + x3i * w3r;
            Unsafe.Add(ref re, row3 + c) = x1r - tr;
            Unsafe.Add(ref im, row3 + c) = x1i - ti;
            Unsafe.Add(ref re, row1 + c) = x1r + tr;
            Unsafe.Add(ref im, row1 + c) = x1i + ti;
        }
    }
}
