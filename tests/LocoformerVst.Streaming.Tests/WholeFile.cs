using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Streaming.Tests;

/// <summary>Whole-signal processing through the shared pipeline: the reference the stream is compared with.</summary>
internal static class WholeFile
{
    public static float[][] Separate(ModelEntry model, ChunkPlan plan, float[][] input)
    {
        using var session = ChunkSession.Open(model, plan.TotalFrames);
        var pipeline = new ChunkedSeparationPipeline(session, plan, input.Length, StemMix.Single(session.StemCount, 0), 0);
        int length = input[0].Length, channels = input.Length;
        var planar = new float[channels * length];
        for (int c = 0; c < channels; c++) input[c].CopyTo(planar, c * length);
        var output = new float[channels][];
        for (int c = 0; c < channels; c++) output[c] = new float[length];
        int stride = pipeline.MaxOutputSamplesPerChunk;
        var chunk = new float[channels * stride];
        int pushed = 0, emitted = 0;
        while (!pipeline.IsComplete)
        {
            if (pushed < length) pushed += pipeline.Push(planar.AsSpan(pushed), length, length - pushed);
            if (pushed == length) pipeline.Finish();
            int n;
            while ((n = pipeline.TryProcessChunk(chunk, stride)) >= 0)
            {
                for (int c = 0; c < channels; c++) chunk.AsSpan(c * stride, n).CopyTo(output[c].AsSpan(emitted));
                emitted += n;
            }
        }

        Assert.Equal(length, emitted);
        return output;
    }
}
