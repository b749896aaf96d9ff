using System.Numerics;

namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// The STFT geometry shared by the model contract, the batch transform and the streaming transforms: n_fft, hop and
/// the periodic Hann window, with torch.stft's center=True / reflect / onesided / unnormalized conventions.
/// </summary>
public sealed class StftSettings : IEquatable<StftSettings>
{
    /// <summary>n_fft of the model contract (44.1 kHz).</summary>
    public const int DefaultNFft = 2048;

    /// <summary>Hop of the model contract.</summary>
    public const int DefaultHop = 512;

    private const int MaxNFft = 1 << 20;
    private readonly float[] window;

    /// <summary>Validates the geometry and computes the window.</summary>
    /// <param name="nFft">Frame length and FFT size: a power of two from 4 to 2^20.</param>
    /// <param name="hop">Frame advance: 1 to nFft/2 (at least 50 % overlap, which keeps the Hann window-sum bounded away from 0).</param>
    public StftSettings(int nFft = DefaultNFft, int hop = DefaultHop)
    {
        if (nFft < 4 || nFft > MaxNFft || !BitOperations.IsPow2(nFft))
        {
            throw new ArgumentOutOfRangeException(nameof(nFft), nFft, $"n_fft must be a power of two from 4 to {MaxNFft} (the model uses {DefaultNFft}).");
        }

        if (hop < 1 || hop > nFft / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(hop), hop, $"hop must be from 1 to n_fft/2 = {nFft / 2} (the model uses n_fft/4).");
        }

        NFft = nFft;
        Hop = hop;
        window = new float[nFft];
        for (int n = 0; n < nFft; n++)
        {
            // Periodic Hann (torch.hann_window(periodic=True)): the N-point period of a cosine, not the symmetric N-1.
            window[n] = (float)(0.5 - 0.5 * Math.Cos(2.0 * Math.PI * n / nFft));
        }
    }

    /// <summary>The contract's settings: n_fft 2048, hop 512.</summary>
    public static StftSettings Default { get; } = new();

    /// <summary>Frame length and FFT size.</summary>
    public int NFft { get; }

    /// <summary>Samples between consecutive frame centres.</summary>
    public int Hop { get; }

    /// <summary>Onesided bins per frame, NFft/2 + 1.</summary>
    public int Bins => NFft / 2 + 1;

    /// <summary>Reflect padding applied at each end of the signal (center=True), NFft/2.</summary>
    public int Padding => NFft / 2;

    /// <summary>Shortest signal the reflect padding accepts: NFft/2 + 1 (torch requires padding &lt; length).</summary>
    public int MinSignalLength => NFft / 2 + 1;

    /// <summary>The periodic Hann window, w[n] = 0.5 - 0.5 cos(2 pi n / NFft).</summary>
    public ReadOnlySpan<float> Window => window;

    internal float[] WindowArray => window;

    /// <summary>Frames of a signal of <paramref name="length"/> samples: 1 + length / hop (center=True).</summary>
    public int FrameCount(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A signal length cannot be negative.");
        }

        return 1 + length / Hop;
    }

    /// <inheritdoc/>
    public bool Equals(StftSettings? other) => other is not null && other.NFft == NFft && other.Hop == Hop;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StftSettings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(NFft, Hop);

    /// <inheritdoc/>
    public override string ToString() => $"n_fft {NFft}, hop {Hop}, periodic Hann, center (reflect)";
}
