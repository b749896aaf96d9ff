using System.Numerics;
using System.Runtime.InteropServices;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// The per-frame arithmetic of the STFT (window, FFT) and iSTFT (inverse FFT, window, overlap-add): the only copy of it,
/// used by the batch and the streaming forms so their numerics cannot drift apart.
/// </summary>
internal sealed class StftFrameKernel
{
    private readonly RealFft fft;
    private readonly float[] window;
    private readonly float[] scratch;

    public StftFrameKernel(StftSettings settings)
    {
        Settings = settings;
        fft = new RealFft(settings.NFft);
        window = settings.WindowArray;
        scratch = new float[settings.NFft];
    }

    public StftSettings Settings { get; }

    /// <summary>Spectrum of one frame of NFft samples (already reflect-padded where needed). // audio thread</summary>
    public void Analyze(ReadOnlySpan<float> frame, Span<float> real, Span<float> imag)
    {
        Multiply(frame, window, scratch);
        fft.Forward(scratch, real, imag);
    }

    /// <summary>Adds window * irfft(frame spectrum) onto the NFft samples of <paramref name="accumulator"/>. // audio thread</summary>
    public void SynthesizeAdd(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> accumulator)
    {
        fft.Inverse(real, imag, scratch);
        MultiplyAdd(scratch, window, accumulator);
    }

    private static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        int n = b.Length;
        if (a.Length < n || destination.Length < n)
        {
            throw new ArgumentException($"A frame must hold {n} samples; got {a.Length}.");
        }

        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pd = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        nuint lanes = (nuint)Vector<float>.Count;
        for (; i + lanes <= (nuint)n; i += lanes)
        {
            (Vector.LoadUnsafe(ref pa, i) * Vector.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
        }

        for (int j = (int)i; j < n; j++)
        {
            destination[j] = a[j] * b[j];
        }
    }

    // accumulator += a * b, rounded as (a * b) first and then the sum, like torch's windowed frames followed by fold.
    private static void MultiplyAdd(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> accumulator)
    {
        int n = b.Length;
        if (accumulator.Length < n)
        {
            throw new ArgumentException($"The overlap-add accumulator must hold {n} samples; got {accumulator.Length}.");
        }

        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pd = ref MemoryMarshal.GetReference(accumulator);
        nuint i = 0;
        nuint lanes = (nuint)Vector<float>.Count;
        for (; i + lanes <= (nuint)n; i += lanes)
        {
            (Vector.LoadUnsafe(ref pd, i) + Vector.LoadUnsafe(ref pa, i) * Vector.LoadUnsafe(ref pb, i)).StoreUnsafe(ref pd, i);
        }

        for (int j = (int)i; j < n; j++)
        {
            accumulator[j] += a[j] * b[j];
        }
    }
}
