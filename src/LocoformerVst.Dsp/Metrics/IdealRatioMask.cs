using LocoformerVst.Dsp.Spectral;

namespace LocoformerVst.Dsp.Metrics;

/// <summary>
/// The oracle ideal ratio mask, the evaluator's ceiling: per channel and time-frequency point
/// Mⱼ = |Sⱼ| / (Σₖ|Sₖ| + ε) from the reference sources' STFTs, applied to the mix STFT and inverted. It shows how much
/// of a track any magnitude mask on the contract STFT could recover, so a model's score reads as a share of that.
/// </summary>
/// <remarks>
/// Same geometry and conventions as the model contract (<see cref="StftSettings"/>: periodic Hann, centre reflect
/// padding, onesided; the inverse divides the overlap-add by the squared-window envelope and drops the first n_fft/2
/// samples), but computed in float64 like models/training/metrics.py, so both evaluators report the same numbers even
/// for near-perfect windows. Work is frame by frame: memory is the outputs plus a few frames.
/// </remarks>
public static class IdealRatioMask
{
    /// <summary>ε in the mask's denominator, so silent time-frequency points give 0 rather than 0/0.</summary>
    public const double MaskEpsilon = 1e-8;

    /// <summary>Envelope values at or below this are not divided by (torch.istft's floor; never hit inside a signal at 75 % overlap).</summary>
    private const double MinEnvelope = 1e-11;

    /// <summary>
    /// One estimate per source, [source][channel][sample] in float64, each as long as the mix. Every source must have
    /// the mix's channel count and length, and the mix must be longer than n_fft/2 (the reflect padding needs that).
    /// </summary>
    /// <exception cref="ArgumentException">No sources, or shapes that do not match the mix.</exception>
    public static double[][][] Estimates(IReadOnlyList<float[][]> sources, float[][] mix, StftSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(mix);
        StftSettings geometry = settings ?? StftSettings.Default;
        int length = CheckShapes(sources, mix, geometry);
        var worker = new Worker(geometry, sources.Count, length);
        var output = new double[sources.Count][][];
        for (int j = 0; j < sources.Count; j++)
        {
            output[j] = new double[mix.Length][];
            for (int c = 0; c < mix.Length; c++)
            {
                output[j][c] = new double[length];
            }
        }

        var signals = new float[sources.Count + 1][];
        var targets = new double[sources.Count][];
        for (int c = 0; c < mix.Length; c++)
        {
            for (int j = 0; j < sources.Count; j++)
            {
                signals[j] = sources[j][c];
                targets[j] = output[j][c];
            }

            signals[sources.Count] = mix[c];
            worker.Channel(signals, targets);
        }

        return output;
    }

    private static int CheckShapes(IReadOnlyList<float[][]> sources, float[][] mix, StftSettings geometry)
    {
        if (sources.Count == 0)
        {
            throw new ArgumentException("The ideal ratio mask needs at least one reference source.", nameof(sources));
        }

        if (mix.Length == 0 || mix.Any(c => c.Length != mix[0].Length))
        {
            throw new ArgumentException("The mix needs at least one channel, all equally long.", nameof(mix));
        }

        int length = mix[0].Length;
        if (length < geometry.MinSignalLength)
        {
            throw new ArgumentException(
                $"The mix has {length} samples; the STFT's centre reflect padding needs at least {geometry.MinSignalLength}.", nameof(mix));
        }

        for (int j = 0; j < sources.Count; j++)
        {
            if (sources[j].Length != mix.Length || sources[j].Any(c => c.Length != length))
            {
                throw new ArgumentException(
                    $"Source {j} has {sources[j].Length} channel(s) of {string.Join("/", sources[j].Select(c => c.Length))} samples; " +
                    $"the mix has {mix.Length} of {length}: every source must match it.", nameof(sources));
            }
        }

        return length;
    }

    /// <summary>The per-frame buffers and the window, shared by the channels of one call.</summary>
    private sealed class Worker
    {
        private readonly DoubleFft fft;
        private readonly double[] window;
        private readonly double[] envelope;
        private readonly int hop;
        private readonly int length;
        private readonly double[] bufferReal;
        private readonly double[] bufferImag;
        private readonly double[][] specReal;   // per signal (sources, then the mix): bins values
        private readonly double[][] specImag;
        private readonly double[] magnitude;

        public Worker(StftSettings geometry, int sources, int length)
        {
            int n = geometry.NFft;
            hop = geometry.Hop;
            this.length = length;
            fft = new DoubleFft(n);
            // Recomputed in float64 rather than taken from StftSettings.Window (float), as metrics.py does.
            window = new double[n];
            for (int i = 0; i < n; i++)
            {
                window[i] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / n);
            }

            bufferReal = new double[n];
            bufferImag = new double[n];
            specReal = [.. Enumerable.Range(0, sources + 1).Select(_ => new double[geometry.Bins])];
            specImag = [.. Enumerable.Range(0, sources + 1).Select(_ => new double[geometry.Bins])];
            magnitude = new double[sources];
            envelope = new double[length];
            for (int t = 0; t < geometry.FrameCount(length); t++)
            {
                for (int i = 0; i < n; i++)
                {
                    long at = (long)t * hop - n / 2 + i;
                    if (at >= 0 && at < length)
                    {
                        envelope[at] += window[i] * window[i];
                    }
                }
            }
        }

        /// <summary>One channel: <paramref name="signals"/> are the sources then the mix; estimates are added into <paramref name="targets"/> (zeroed).</summary>
        public void Channel(float[][] signals, double[][] targets)
        {
            int n = window.Length;
            int frames = 1 + length / hop;
            for (int t = 0; t < frames; t++)
            {
                long start = (long)t * hop - n / 2;
                // Two real frames per complex FFT (one in the real part, one in the imaginary), split afterwards.
                for (int p = 0; p < signals.Length; p += 2)
                {
                    for (int i = 0; i < n; i++)
                    {
                        long at = Reflect(start + i);
                        bufferReal[i] = window[i] * signals[p][at];
                        bufferImag[i] = p + 1 < signals.Length ? window[i] * signals[p + 1][at] : 0.0;
                    }

                    fft.Forward(bufferReal, bufferImag);
                    SplitPair(p, p + 1 < signals.Length ? p + 1 : -1);
                }

                ApplyMasks(targets.Length);
                for (int j = 0; j < targets.Length; j += 2)
                {
                    int other = j + 1 < targets.Length ? j + 1 : -1;
                    JoinPair(j, other);
                    fft.Inverse(bufferReal, bufferImag);
                    for (int i = 0; i < n; i++)
                    {
                        long at = start + i;
                        if (at >= 0 && at < length)
                        {
                            targets[j][at] += window[i] * bufferReal[i];
                            if (other >= 0)
                            {
                                targets[other][at] += window[i] * bufferImag[i];
                            }
                        }
                    }
                }
            }

            foreach (double[] target in targets)
            {
                for (int i = 0; i < length; i++)
                {
                    target[i] /= envelope[i] > MinEnvelope ? envelope[i] : 1.0;
                }
            }
        }

        private long Reflect(long at) => at < 0 ? -at : at >= length ? 2L * (length - 1) - at : at;

        /// <summary>Z = FFT(a + ib) gives A[k] = (Z[k] + conj Z[N−k]) / 2 and B[k] = (Z[k] − conj Z[N−k]) / 2i.</summary>
        private void SplitPair(int a, int b)
        {
            int n = window.Length;
            for (int k = 0; k < specReal[a].Length; k++)
            {
                int m = (n - k) & (n - 1);
                double zr = bufferReal[k], zi = bufferImag[k], cr = bufferReal[m], ci = -bufferImag[m];
                specReal[a][k] = 0.5 * (zr + cr);
                specImag[a][k] = 0.5 * (zi + ci);
                if (b >= 0)
                {
                    specReal[b][k] = 0.5 * (zi - ci);
                    specImag[b][k] = -0.5 * (zr - cr);
                }
            }
        }

        /// <summary>Replaces each source's spectrum by its mask times the mix spectrum (the last one).</summary>
        private void ApplyMasks(int sources)
        {
            double[] mixReal = specReal[sources], mixImag = specImag[sources];
            for (int k = 0; k < mixReal.Length; k++)
            {
                double total = 0;
                for (int j = 0; j < sources; j++)
                {
                    magnitude[j] = Math.Sqrt(specReal[j][k] * specReal[j][k] + specImag[j][k] * specImag[j][k]);
                    total += magnitude[j];
                }

                total += MaskEpsilon;
                for (int j = 0; j < sources; j++)
                {
                    double mask = magnitude[j] / total;
                    specReal[j][k] = mask * mixReal[k];
                    specImag[j][k] = mask * mixImag[k];
                }
            }
        }

        /// <summary>
        /// The full spectrum A + iB of two real signals, whose inverse holds a in its real and b in its imaginary part.
        /// As irfft does, the imaginary parts of the DC and Nyquist bins are ignored.
        /// </summary>
        private void JoinPair(int a, int b)
        {
            int n = window.Length, half = n / 2;
            for (int k = 0; k <= half; k++)
            {
                bool edge = k == 0 || k == half;
                double ar = specReal[a][k], ai = edge ? 0 : specImag[a][k];
                double br = b >= 0 ? specReal[b][k] : 0, bi = b >= 0 && !edge ? specImag[b][k] : 0;
                bufferReal[k] = ar - bi;
                bufferImag[k] = ai + br;
                if (!edge)
                {
                    bufferReal[n - k] = ar + bi;
                    bufferImag[n - k] = br - ai;
                }
            }
        }
    }
}
