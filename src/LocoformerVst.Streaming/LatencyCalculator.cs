using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Streaming;

/// <summary>
/// The plugin's delay as a pure function of (host rate, max block, chunk plan). The output ring is prefilled with
/// exactly <see cref="LatencyBudget.InternalFrames"/> frames of silence, so the reported latency is the true delay by
/// construction, not an estimate.
/// </summary>
/// <remarks>
/// At 44.1 kHz, with N kept frames, R look-ahead frames, hop h, n_fft W and a host block of B samples, chunk k
/// (kept frames kN .. kN+N-1) can start once input sample (kN+N+R-1)·h + W/2 - 1 has arrived, which the worker sees at
/// most B - 1 samples late, and must finish within N·h samples of audio time (the capability check guarantees this).
/// Its first output sample, kN·h - W/2, is due when the consumer's block end passes kN·h - W/2 + latency. Solving gives
/// <code>latency = (2N + R)·h + (W - h) + B + F</code>
/// where F is the cross-fade margin that lets the audio thread fade to the dry signal before it actually runs dry.
/// At other host rates the block is converted to 44.1 kHz frames, and both resamplers' integer group delays are added.
/// </remarks>
public static class LatencyCalculator
{
    /// <summary>Frames (44.1 kHz) the audio thread needs in reserve to cross-fade instead of clicking on an underrun.</summary>
    public const int FadeFrames = 128;

    /// <summary>Computes the latency for a host configuration.</summary>
    public static LatencyBudget Compute(int hostRate, int maxBlock, ChunkPlan plan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlock, 1);
        const int rate = ModelContract.SampleRate;
        int internalBlock = InternalBlockFrames(hostRate, maxBlock);
        int frames = (2 * plan.NewFrames + plan.RightContext) * ModelContract.Hop
            + (ModelContract.NFft - ModelContract.Hop) + internalBlock + FadeFrames;
        if (hostRate == rate)
        {
            return new LatencyBudget(frames, frames, 0, 0);
        }

        var toModel = new StreamingResampler(hostRate, rate, 1);
        var toHost = new StreamingResampler(rate, hostRate, 1);
        int inDelay = toModel.LatencyFrames;
        int outDelay = toHost.LatencyFrames;
        // Pad the ring so that (ring + input delay) covers a whole number of host samples when the step is small;
        // for odd rates whose step would add much delay, the remainder (< 1 host sample) is rounded instead.
        int step = rate / Gcd(rate, hostRate);
        if (step <= 4096)
        {
            int total = frames + inDelay;
            frames += (step - total % step) % step;
        }

        long host = (long)Math.Round((double)(frames + inDelay) * hostRate / rate) + outDelay;
        return new LatencyBudget(frames, checked((int)host), inDelay, outDelay);
    }

    /// <summary>Most 44.1 kHz frames one host block of <paramref name="maxBlock"/> samples can become.</summary>
    public static int InternalBlockFrames(int hostRate, int maxBlock) =>
        hostRate == ModelContract.SampleRate
            ? maxBlock
            : (int)(((long)maxBlock * ModelContract.SampleRate + hostRate - 1) / hostRate) + 1;

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}

/// <summary>A computed latency: ring prefill at 44.1 kHz, the total in host samples, and the resamplers' shares.</summary>
/// <param name="InternalFrames">Silence prefilled into the output ring, in 44.1 kHz frames.</param>
/// <param name="HostSamples">The delay the host must compensate, in host samples.</param>
/// <param name="InputResamplerFrames">Group delay of host to 44.1 kHz conversion, in 44.1 kHz frames.</param>
/// <param name="OutputResamplerFrames">Group delay of 44.1 kHz to host conversion, in host frames.</param>
public readonly record struct LatencyBudget(int InternalFrames, int HostSamples, int InputResamplerFrames, int OutputResamplerFrames);
