using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Tests;

public sealed class ChunkNormalizationTests
{
    [Fact]
    public void Normalize_divides_by_the_unbiased_std_without_removing_the_mean()
    {
        // mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, unbiased variance 5/3.
        float[] chunk = [1, 2, 3, 4];
        double std = Math.Sqrt(5.0 / 3.0);

        float scale = ChunkNormalization.Normalize(chunk);

        Assert.Equal(std, scale, 6);
        Assert.Equal(1 / std, chunk[0], 6);
        Assert.Equal(4 / std, chunk[3], 6);
    }

    [Fact]
    public void Denormalize_restores_the_original_values()
    {
        float[] original = Enumerable.Range(0, 1000).Select(i => MathF.Sin(i * 0.1f) * 0.3f + 0.01f).ToArray();
        float[] chunk = (float[])original.Clone();

        float scale = ChunkNormalization.Normalize(chunk);
        Assert.Equal(1.0, ChunkNormalization.StandardDeviation(chunk), 5);
        ChunkNormalization.Denormalize(chunk, scale);

        for (int i = 0; i < original.Length; i++)
        {
            Assert.Equal(original[i], chunk[i], 1e-6f);
        }
    }

    [Fact]
    public void Silent_chunk_is_left_unchanged_with_scale_one()
    {
        float[] silence = new float[257];
        float[] dc = Enumerable.Repeat(0.5f, 64).ToArray(); // constant: std 0 although not zero

        Assert.Equal(1f, ChunkNormalization.Normalize(silence));
        Assert.Equal(1f, ChunkNormalization.Normalize(dc));
        Assert.All(dc, v => Assert.Equal(0.5f, v));
    }

    [Fact]
    public void Normalize_allocates_nothing()
    {
        float[] chunk = Enumerable.Range(0, 4100).Select(i => (float)(i % 7)).ToArray();
        ChunkNormalization.Normalize(chunk);

        long before = GC.GetAllocatedBytesForCurrentThread();
        float scale = ChunkNormalization.Normalize(chunk);
        ChunkNormalization.Denormalize(chunk, scale);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
