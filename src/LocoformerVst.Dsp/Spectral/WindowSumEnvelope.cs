namespace LocoformerVst.Dsp.Spectral;

/// <summary>
/// The iSTFT normalizer env[p] = sum over frames t of w^2[p - t*hop] (torch.istft's window envelope), with exactly the
/// same float summation order everywhere so batch and streaming divide by bit-identical values.
/// </summary>
internal sealed class WindowSumEnvelope
{
    private readonly float[] window;
    private readonly int nFft;
    private readonly int hop;
    private readonly float[] head;
    private readonly float[] steady;

    public WindowSumEnvelope(StftSettings settings)
    {
        window = settings.WindowArray;
        nFft = settings.NFft;
        hop = settings.Hop;

        // Below NFft the first frames are missing from the sum (frame index t >= 0), so each position differs.
        head = new float[nFft];
        for (int p = 0; p < nFft; p++)
        {
            head[p] = At(p, long.MaxValue);
        }

        // From NFft - hop on every overlapping frame exists and the sum repeats with period hop (same terms, same order).
        steady = new float[hop];
        for (int p = nFft - hop; p < nFft; p++)
        {
            steady[p % hop] = head[p];
        }
    }

    /// <summary>Envelope at padded positions p with p mod hop = index, valid for every p &gt;= NFft - hop.</summary>
    public ReadOnlySpan<float> Steady => steady;

    /// <summary>Envelope at padded position <paramref name="p"/> when every frame up to p's own exists. // audio thread</summary>
    public float Complete(long p) => p < nFft ? head[p] : steady[(int)(p % hop)];

    /// <summary>
    /// Envelope at padded position <paramref name="p"/> summing frames 0 .. <paramref name="lastFrame"/> that cover it,
    /// in ascending frame order.
    /// </summary>
    public float At(long p, long lastFrame)
    {
        long first = Math.Max(0, CeilDiv(p - nFft + 1, hop));
        long last = Math.Min(lastFrame, p / hop);
        float sum = 0f;
        for (long t = first; t <= last; t++)
        {
            float w = window[p - t * hop];
            sum += w * w;
        }

        return sum;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);
}
