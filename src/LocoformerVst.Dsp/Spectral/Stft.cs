namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// Whole-signal STFT and inverse with torch.stft / torch.istft conventions (center=True with reflect padding, onesided,
/// unnormalized, periodic Hann), producing the planar frame-major spectra the model consumes: real[t*Bins + k].
/// </summary>
/// <remarks>
/// Frames are assembled and transformed by the same code as <see cref="StreamingStft"/>, and the inverse runs through a
/// <see cref="StreamingIstft"/>, so batch and streaming results are bit-identical. Allocation-free per call; not
/// thread-safe (it owns scratch buffers).
/// </remarks>
public sealed class Stft
{
    private readonly StftFrameKernel kernel;
    private readonly StreamingIstft inverse;
    private readonly WindowSumEnvelope envelope;
    private readonly float[] frame;
    private readonly float[] overflow;

    /// <summary>Creates a batch transform; <paramref name="settings"/> defaults to the model contract (2048/512).</summary>
    public Stft(StftSettings? settings = null)
    {
        Settings = settings ?? StftSettings.Default;
        kernel = new StftFrameKernel(Settings);
        inverse = new StreamingIstft(Settings);
        envelope = new WindowSumEnvelope(Settings);
        frame = new float[Settings.NFft];
        overflow = new float[Math.Max(Settings.Hop, Settings.NFft - Settings.Hop)];
    }

    /// <summary>The STFT geometry.</summary>
    public StftSettings Settings { get; }

    /// <summary>Smallest window-sum envelope torch.istft accepts for an output sample; smaller ones are rejected.</summary>
    public const float MinEnvelope = 1e-11f;

    /// <summary>Frames of a signal of <paramref name="length"/> samples: 1 + length / hop.</summary>
    public int FrameCount(int length) => Settings.FrameCount(length);

    /// <summary>
    /// Longest signal <see cref="Inverse"/> produces from <paramref name="frames"/> frames: the overlap-add span
    /// NFft/2 + hop*(frames-1), less the trailing samples whose window-sum is below <see cref="MinEnvelope"/> (torch.istft
    /// rejects those too; at n_fft 2048 that is the very last sample, where w^2 is about 5.5e-12).
    /// </summary>
    public int MaxInverseLength(int frames)
    {
        if (frames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "An inverse STFT needs at least one frame.");
        }

        long length = Settings.Padding + (long)Settings.Hop * (frames - 1);
        // Only the tail, covered by the last frames' decaying window ends, can fall below the floor.
        while (length > 0 && envelope.At(Settings.Padding + length - 1, frames - 1) < MinEnvelope)
        {
            length--;
        }

        return (int)Math.Min(int.MaxValue, length);
    }

    /// <summary>
    /// Spectrum of <paramref name="signal"/> (at least NFft/2 + 1 samples) into FrameCount(signal.Length) * Bins values
    /// of <paramref name="real"/> and <paramref name="imag"/>, frame-major.
    /// </summary>
    public void Forward(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag)
    {
        if (signal.Length < Settings.MinSignalLength)
        {
            throw new ArgumentException(
                $"The signal has {signal.Length} samples; center reflect padding of n_fft/2 = {Settings.Padding} needs at least {Settings.MinSignalLength} (as torch.stft does).",
                nameof(signal));
        }

        int frames = FrameCount(signal.Length);
        int bins = Settings.Bins;
        long needed = (long)frames * bins;
        if (real.Length < needed || imag.Length < needed)
        {
            throw new ArgumentException(
                $"Spectrum spans hold {real.Length} real and {imag.Length} imaginary values; {frames} frames x {bins} bins need {needed} each.",
                nameof(real));
        }

        for (int t = 0; t < frames; t++)
        {
            ReflectPadding.ReadFrame(signal, 0, signal.Length, (long)t * Settings.Hop - Settings.Padding, frame);
            kernel.Analyze(frame, real.Slice(t * bins, bins), imag.Slice(t * bins, bins));
        }
    }

    /// <summary>
    /// Signal of <paramref name="length"/> samples from <paramref name="frames"/> frame-major frames, like torch.istft
    /// with center=True and length=<paramref name="length"/>: windowed overlap-add divided by the window-sum envelope,
    /// the first NFft/2 samples dropped. <paramref name="length"/> must be 1 .. <see cref="MaxInverseLength"/>.
    /// </summary>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int frames, Span<float> output, int length)
    {
        if (frames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "An inverse STFT needs at least one frame.");
        }

        int bins = Settings.Bins;
        long needed = (long)frames * bins;
        if (real.Length < needed || imag.Length < needed)
        {
            throw new ArgumentException(
                $"Spectrum spans hold {real.Length} real and {imag.Length} imaginary values; {frames} frames x {bins} bins need {needed} each.",
                nameof(real));
        }

        int maxLength = MaxInverseLength(frames);
        if (length < 1 || length > maxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(length), length,
                $"{frames} frames can produce 1 to {maxLength} samples (n_fft/2 + hop*(frames-1), less trailing samples whose window-sum is below 1e-11, as torch.istft does).");
        }

        if (output.Length < length)
        {
            throw new ArgumentException($"The output span has room for {output.Length} samples; length is {length}.", nameof(output));
        }

        inverse.Reset();
        int hop = Settings.Hop;
        int written = 0;
        for (int t = 0; t < frames && written < length; t++)
        {
            // Later frames cannot change samples already emitted, so the loop stops once length is reached. Pushes
            // write whole hops; the last one before the requested end goes through scratch and is trimmed.
            bool trim = length - written < hop;
            Span<float> target = trim ? overflow.AsSpan(0, hop) : output.Slice(written, hop);
            int produced = inverse.Push(real.Slice(t * bins, bins), imag.Slice(t * bins, bins), target);
            written += Keep(trim, produced, output, written, length);
        }

        if (written < length)
        {
            int tail = Settings.NFft - hop;
            bool trim = length - written < tail;
            Span<float> target = trim ? overflow.AsSpan(0, tail) : output.Slice(written, tail);
            written += Keep(trim, inverse.Finish(target), output, written, length);
        }
    }

    private int Keep(bool trimmed, int produced, Span<float> output, int written, int length)
    {
        int kept = Math.Min(produced, length - written);
        if (trimmed)
        {
            overflow.AsSpan(0, kept).CopyTo(output.Slice(written, kept));
        }

        return kept;
    }
}
