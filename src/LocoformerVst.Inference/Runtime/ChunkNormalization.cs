namespace LocoformerVst.Inference.Runtime;

/// <summary>
/// The model's input scaling (locoformer.md §1): divide the chunk by its unbiased standard deviation, without removing
/// the mean, and multiply every output by the same factor. STFT is linear, so scaling the waveform or its spectrum by
/// the waveform's std gives the same network input.
/// </summary>
public static class ChunkNormalization
{
    /// <summary>Below this std a chunk counts as silent and is left unscaled, so silence never becomes amplified noise.</summary>
    public const float SilenceStd = 1e-8f;

    /// <summary>Unbiased standard deviation (n - 1 denominator) of all values, accumulated in double; 0 for fewer than two values.</summary>
    public static double StandardDeviation(ReadOnlySpan<float> values)
    {
        // audio thread safe: no allocation.
        if (values.Length < 2)
        {
            return 0;
        }

        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        double mean = sum / values.Length;
        double squares = 0;
        foreach (float v in values)
        {
            double d = v - mean;
            squares += d * d;
        }

        return Math.Sqrt(squares / (values.Length - 1));
    }

    /// <summary>
    /// Divides <paramref name="values"/> in place by their std and returns the factor to pass to
    /// <see cref="Denormalize"/>: the std, or 1 when the chunk is silent (std below <see cref="SilenceStd"/>) or not finite.
    /// </summary>
    public static float Normalize(Span<float> values)
    {
        double std = StandardDeviation(values);
        if (!(std >= SilenceStd) || !double.IsFinite(std))
        {
            return 1f;
        }

        Scale(values, (float)(1.0 / std));
        return (float)std;
    }

    /// <summary>Multiplies model output by the factor <see cref="Normalize"/> returned.</summary>
    public static void Denormalize(Span<float> values, float scale) => Scale(values, scale);

    private static void Scale(Span<float> values, float factor)
    {
        if (factor == 1f)
        {
            return;
        }

        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            Span<System.Numerics.Vector<float>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
            for (int v = 0; v < vectors.Length; v++)
            {
                vectors[v] *= factor;
            }

            i = vectors.Length * System.Numerics.Vector<float>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
