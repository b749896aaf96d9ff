using LocoformerVst.Dsp.Spectral;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Chunking;

public class ChunkedSeparationPipelineTests
{
    private static ModelEntry Identity => ModelEntry.Load(Path.Combine(Fixtures.ModelsDirectory, "identity-2stem.json"));

    private static float[] Noise(int length, int seed, float level)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = level * (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Fact]
    public void The_model_input_is_the_chunk_spectrum_divided_by_the_time_domain_std_of_the_samples_it_spans()
    {
        var plan = new ChunkPlan(2, 4, 2);
        using var session = ChunkSession.Open(Identity, plan.TotalFrames);
        var pipeline = new ChunkedSeparationPipeline(session, plan, 1, StemMix.Single(2, 0), 0);
        int length = 20 * 512;
        var x = Noise(length, 3, 0.25f);
        // The frame store holds a few chunks: the push stops early until chunks are processed.
        Assert.True(pipeline.Push(x, length, length) >= (plan.NewFrames + plan.RightContext) * 512 + 1024);
        var output = new float[pipeline.MaxOutputSamplesPerChunk];
        Assert.True(pipeline.TryProcessChunk(output, output.Length) >= 0);

        // Chunk 0 sees frames -2 .. 5; its frame centres span samples 0 .. (0 + 4 + 2 - 1) * 512.
        int to = (plan.NewFrames + plan.RightContext - 1) * 512;
        double mean = x.Take(to).Average(v => (double)v);
        double std = Math.Sqrt(x.Take(to).Sum(v => (v - mean) * (v - mean)) / (to - 1));
        var stft = new Stft();
        int frames = StftSettings.Default.FrameCount(length);
        var re = new float[frames * 1025];
        var im = new float[frames * 1025];
        stft.Forward(x, re, im);

        var input = session.Input; // ORT leaves its input as the pipeline wrote it
        int plane = plan.TotalFrames * 1025;
        for (int t = 0; t < plan.TotalFrames; t++)
        {
            int f = t - plan.LeftContext;
            for (int k = 0; k < 1025; k += 7)
            {
                float expectedRe = f < 0 ? 0f : (float)(re[f * 1025 + k] / std);
                float expectedIm = f < 0 ? 0f : (float)(im[f * 1025 + k] / std);
                // mono into a stereo model: both model channels carry the same spectrum
                Assert.Equal(expectedRe, input[t * 1025 + k], 3e-3f);
                Assert.Equal(expectedIm, input[plane + t * 1025 + k], 3e-3f);
                Assert.Equal(expectedRe, input[2 * plane + t * 1025 + k], 3e-3f);
            }
        }
    }

    [Fact]
    public void Whole_signal_through_the_identity_model_comes_back_unchanged_for_any_push_sizes()
    {
        var plan = new ChunkPlan(3, 5, 2);
        using var session = ChunkSession.Open(Identity, plan.TotalFrames);
        var pipeline = new ChunkedSeparationPipeline(session, plan, 2, StemMix.Single(2, 0), 2);
        int length = 23_456;
        var planar = new float[2 * length];
        Noise(length, 1, 0.5f).CopyTo(planar, 0);
        Noise(length, 2, 0.1f).CopyTo(planar, length);
        var outputs = new float[2 * 2][];
        for (int i = 0; i < outputs.Length; i++) outputs[i] = new float[length];
        int stride = pipeline.MaxOutputSamplesPerChunk;
        var chunk = new float[pipeline.OutputStreams * 2 * stride];
        var rng = new Random(4);
        int pushed = 0, emitted = 0;
        while (!pipeline.IsComplete)
        {
            if (pushed < length)
            {
                int n = Math.Min(rng.Next(1, 3000), length - pushed);
                pushed += pipeline.Push(planar.AsSpan(pushed), length, n);
                if (pushed == length) pipeline.Finish();
            }

            int produced;
            while ((produced = pipeline.TryProcessChunk(chunk, stride)) >= 0)
            {
                for (int i = 0; i < outputs.Length; i++) chunk.AsSpan(i * stride, produced).CopyTo(outputs[i].AsSpan(emitted));
                emitted += produced;
            }
        }

        Assert.Equal(length, emitted);
        Assert.Equal(length, pipeline.SamplesOut);
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(planar[c * length + i], outputs[c][i], 1e-5f);      // main = stem 0 = input
                Assert.Equal(planar[c * length + i], outputs[2 + c][i], 1e-5f);  // stem output 0
            }
        }
    }

    [Fact]
    public void A_silent_chunk_skips_the_model_and_stays_silent()
    {
        var plan = new ChunkPlan(0, 4, 0);
        using var session = ChunkSession.Open(Identity, plan.TotalFrames);
        var pipeline = new ChunkedSeparationPipeline(session, plan, 2, StemMix.Single(2, 0), 0);
        var silence = new float[2 * 8192];
        pipeline.Push(silence, 8192, 8192);
        var output = new float[2 * pipeline.MaxOutputSamplesPerChunk];
        int n = pipeline.TryProcessChunk(output, pipeline.MaxOutputSamplesPerChunk);
        Assert.True(n > 0);
        Assert.Equal(1, pipeline.SkippedChunks);
        Assert.All(output, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Finishing_a_stream_shorter_than_the_reflect_padding_is_refused_with_the_minimum()
    {
        using var session = ChunkSession.Open(Identity, 8);
        var pipeline = new ChunkedSeparationPipeline(session, new ChunkPlan(2, 4, 2), 1, StemMix.Single(2, 0), 0);
        pipeline.Push(new float[100], 100, 100);
        var e = Assert.Throws<InvalidOperationException>(pipeline.Finish);
        Assert.Contains("1025", e.Message);
    }

    [Fact]
    public void Stem_mixes_validate_their_gains()
    {
        Assert.Throws<ArgumentException>(() => new StemMix([float.NaN]));
        Assert.Equal([0f, 1f, 1f], StemMix.AllExcept(3, 0).Gains.ToArray());
        Assert.Equal(0f, StemMix.Single(2, 1).GainOf(4));
    }
}
