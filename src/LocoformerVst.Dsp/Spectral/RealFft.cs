using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Real-input FFT of a power-of-two size with torch.fft.rfft / irfft conventions (forward unnormalized, inverse scaled
/// by 1/n), the transform under every STFT frame. Allocation-free per call; not thread-safe (it owns scratch buffers),
/// so give each thread or stream its own instance.
/// </summary>
/// <remarks>
/// The n real samples are packed as n/2 complex values z[j] = x[2j] + i x[2j+1], transformed with a half-size complex
/// FFT, and split into the n/2 + 1 bins with X[k] = (Z[k] + conj Z[m-k]) / 2 - i/2 e^(-2 pi i k/n) (Z[k] - conj Z[m-k]).
/// The inverse runs the same steps backwards and reuses the forward complex FFT by swapping real and imaginary parts.
/// All twiddles are computed in double and rounded once to float.
/// </remarks>
public sealed class RealFft
{
    private readonly SplitComplexFft complex;
    private readonly int half;
    // Forward split: 0.5 cos(2 pi k / n) and -0.5 sin(2 pi k / n), k < n/2.
    private readonly float[] forwardCos;
    private readonly float[] forwardSin;
    // Inverse merge: cos(2 pi k / n) / n and sin(2 pi k / n) / n, k < n/2.
    private readonly float[] inverseCos;
    private readonly float[] inverseSin;
    private readonly float inverseScale;

    /// <summary>Creates a transform for <paramref name="size"/> real samples (a power of two, at least 2).</summary>
    public RealFft(int size)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(
                nameof(size), size, "RealFft needs a power-of-two size of at least 2 (e.g. 256, 1024, 2048).");
        }

        Size = size;
        half = size / 2;
        complex = new SplitComplexFft(half);
        forwardCos = new float[half];
        forwardSin = new float[half];
        inverseCos = new float[half];
        inverseSin = new float[half];
        for (int k = 0; k < half; k++)
        {
            double angle = 2.0 * Math.PI * k / size;
            forwardCos[k] = (float)(0.5 * Math.Cos(angle));
            forwardSin[k] = (float)(-0.5 * Math.Sin(angle));
            inverseCos[k] = (float)(Math.Cos(angle) / size);
            inverseSin[k] = (float)(Math.Sin(angle) / size);
        }

        inverseScale = (float)(1.0 / size);
    }

    /// <summary>Number of real samples per transform (n).</summary>
    public int Size { get; }

    /// <summary>Number of spectrum bins, n/2 + 1 (DC to Nyquist).</summary>
    public int Bins => half + 1;

    /// <summary>
    /// Spectrum of <paramref name="input"/> (exactly <see cref="Size"/> samples) into the first <see cref="Bins"/>
    /// entries of <paramref name="real"/> and <paramref name="imag"/>; unnormalized like torch.fft.rfft. // audio thread
    /// </summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        if (input.Length != Size)
        {
            throw new ArgumentException($"RealFft.Forward input has {input.Length} samples; this transform takes exactly {Size}.", nameof(input));
        }

        CheckSpectrum(real.Length, imag.Length, nameof(real));

        int columns = complex.Columns;
        ReadOnlySpan<int> rowOrder = complex.RowOrder;
        Span<float> stagingRe = complex.StagingReal;
        Span<float> stagingIm = complex.StagingImag;
        for (int row = 0; row < complex.Rows; row++)
        {
            int target = rowOrder[row] * columns;
            SimdShuffle.Deinterleave(
                input.Slice(2 * row * columns, 2 * columns),
                stagingRe.Slice(target, columns),
                stagingIm.Slice(target, columns));
        }

        complex.Execute();
        Split(complex.ResultReal, complex.ResultImag, real, imag);
    }

    /// <summary>
    /// Real signal of <see cref="Size"/> samples from the <see cref="Bins"/> bins in <paramref name="real"/> and
    /// <paramref name="imag"/>, scaled by 1/n like torch.fft.irfft: the spectrum is taken as Hermitian, so the imaginary
    /// parts of DC and Nyquist are ignored. // audio thread
    /// </summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        CheckSpectrum(real.Length, imag.Length, nameof(real));
        if (output.Length != Size)
        {
            throw new ArgumentException($"RealFft.Inverse output has room for {output.Length} samples; this transform writes exactly {Size}.", nameof(output));
        }

        Merge(real, imag);
        complex.Execute();
        // IDFT(Z) = swap(DFT(swap(Z))) where swap(a + ib) = b + ia: Merge staged swap(Z), so the result's imaginary
        // plane holds Re z (the even samples) and its real plane holds Im z (the odd samples).
        SimdShuffle.Interleave(complex.ResultImag, complex.ResultReal, output);
    }

    private void CheckSpectrum(int realLength, int imagLength, string parameter)
    {
        if (realLength < Bins || imagLength < Bins)
        {
            throw new ArgumentException(
                $"Spectrum spans hold {realLength} real and {imagLength} imaginary values; a {Size}-point real FFT needs {Bins} of each.",
                parameter);
        }
    }

    // X[k] for k = 0..m from Z (natural order): X[k] = 0.5 (Z[k] + conj Z[m-k]) + w_k (-0.5 i)(Z[k] - conj Z[m-k]).
    private void Split(ReadOnlySpan<float> zRe, ReadOnlySpan<float> zIm, Span<float> real, Span<float> imag)
    {
        int m = half;
        real[0] = zRe[0] + zIm[0];
        imag[0] = 0f;
        real[m] = zRe[0] - zIm[0];
        imag[m] = 0f;

        ref float ar0 = ref MemoryMarshal.GetReference(zRe);
        ref float ai0 = ref MemoryMarshal.GetReference(zIm);
        ref float hc = ref MemoryMarshal.GetArrayDataReference(forwardCos);
        ref float hs = ref MemoryMarshal.GetArrayDataReference(forwardSin);
        ref float xr = ref MemoryMarshal.GetReference(real);
        ref float xi = ref MemoryMarshal.GetReference(imag);
        int lanes = Vector<float>.Count;
        int k = 1;
        var halfVector = new Vector<float>(0.5f);
        for (; k + lanes <= m; k += lanes)
        {
            nuint at = (nuint)k;
            nuint mirror = (nuint)(m - k - lanes + 1);
            Vector<float> ar = Vector.LoadUnsafe(ref ar0, at), ai = Vector.LoadUnsafe(ref ai0, at);
            Vector<float> br = SimdShuffle.Reverse(Vector.LoadUnsafe(ref ar0, mirror));
            Vector<float> bi = SimdShuffle.Reverse(Vector.LoadUnsafe(ref ai0, mirror));
            Vector<float> c = Vector.LoadUnsafe(ref hc, at), s = Vector.LoadUnsafe(ref hs, at);
            Vector<float> sumIm = ai + bi, diffRe = br - ar;
            (halfVector * (ar + br) + c * sumIm - s * diffRe).StoreUnsafe(ref xr, at);
            (halfVector * (ai - bi) + c * diffRe + s * sumIm).StoreUnsafe(ref xi, at);
        }

        for (; k < m; k++)
        {
            float ar = zRe[k], ai = zIm[k], br = zRe[m - k], bi = zIm[m - k];
            float c = forwardCos[k], s = forwardSin[k];
            float sumIm = ai + bi, diffRe = br - ar;
            real[k] = 0.5f * (ar + br) + c * sumIm - s * diffRe;
            imag[k] = 0.5f * (ai - bi) + c * diffRe + s * sumIm;
        }
    }

    // Z'[k] = (E[k] + i O[k]) / m from the Hermitian half-spectrum, staged as swap(Z') in bit-reversed row order.
    private void Merge(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        int columns = complex.Columns;
        ReadOnlySpan<int> rowOrder = complex.RowOrder;
        Span<float> stagingRe = complex.StagingReal;
        Span<float> stagingIm = complex.StagingImag;
        for (int row = 0; row < complex.Rows; row++)
        {
            int first = row * columns;
            int target = rowOrder[row] * columns;
            if (row == 0)
            {
                // DC and Nyquist are real by definition (torch.fft.irfft ignores their imaginary parts).
                float dc = real[0], nyquist = real[half];
                stagingIm[target] = (dc + nyquist) * inverseScale;
                stagingRe[target] = (dc - nyquist) * inverseScale;
                first = 1;
                target++;
            }

            MergeRun(real, imag, first, (row + 1) * columns - first, stagingRe.Slice(target), stagingIm.Slice(target));
        }
    }

    // Bins k = first .. first+count-1 (all in 1..m-1) into swapped staging: re <- Im Z', im <- Re Z'.
    private void MergeRun(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int first, int count, Span<float> swappedRe, Span<float> swappedIm)
    {
        int m = half;
        ref float xr0 = ref MemoryMarshal.GetReference(real);
        ref float xi0 = ref MemoryMarshal.GetReference(imag);
        ref float ic = ref MemoryMarshal.GetArrayDataReference(inverseCos);
        ref float isn = ref MemoryMarshal.GetArrayDataReference(inverseSin);
        ref float outRe = ref MemoryMarshal.GetReference(swappedRe);
        ref float outIm = ref MemoryMarshal.GetReference(swappedIm);
        int lanes = Vector<float>.Count;
        var scale = new Vector<float>(inverseScale);
        int j = 0;
        for (; j + lanes <= count; j += lanes)
        {
            int k = first + j;
            nuint at = (nuint)k;
            nuint mirror = (nuint)(m - k - lanes + 1);
            Vector<float> ar = Vector.LoadUnsafe(ref xr0, at), ai = Vector.LoadUnsafe(ref xi0, at);
            Vector<float> br = SimdShuffle.Reverse(Vector.LoadUnsafe(ref xr0, mirror));
            Vector<float> bi = SimdShuffle.Reverse(Vector.LoadUnsafe(ref xi0, mirror));
            Vector<float> c = Vector.LoadUnsafe(ref ic, at), s = Vector.LoadUnsafe(ref isn, at);
            Vector<float> dr = ar - br, di = ai + bi;
            (scale * (ai - bi) + (dr * c - di * s)).StoreUnsafe(ref outRe, (nuint)j);
            (scale * (ar + br) - (dr * s + di * c)).StoreUnsafe(ref outIm, (nuint)j);
        }

        for (; j < count; j++)
        {
            int k = first + j;
            float ar = real[k], ai = imag[k], br = real[m - k], bi = imag[m - k];
            float c = inverseCos[k], s = inverseSin[k];
            float dr = ar - br, di = ai + bi;
            swappedRe[j] = inverseScale * (ai - bi) + (dr * c - di * s);
            swappedIm[j] = inverseScale * (ar + br) - (dr * s + di * c);
        }
    }
}
