using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;
using LocoformerVst.Streaming;

namespace LocoformerVst.Benchmarks.Streaming;

/// <summary>A prepared separator on the identity fixture model (the audio-thread cost does not depend on the model).</summary>
internal static class SeparatorFixture
{
    public static RealtimeSeparator Create(int rate, int block)
    {
        string json = Path.Combine(Inference.BenchEnvironment.RepoRoot, "tests", "fixtures", "models", "identity-2stem.json");
        var separator = new RealtimeSeparator();
        separator.Prepare(new SeparatorSetup
        {
            HostSampleRate = rate,
            MaxBlockSize = block,
            Channels = 2,
            Model = ModelEntry.Load(json),
            LatencyMode = LatencyMode.Low,
            MainMix = new StemMix([1f, 0f]),
            MeasureCapability = false,
        });
        return separator;
    }

    /// <summary>Planar stereo test audio: two sines, one block long.</summary>
    public static float[] Block(int block, int rate)
    {
        var x = new float[2 * block];
        for (int i = 0; i < block; i++)
        {
            x[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / rate);
            x[block + i] = 0.3f * MathF.Sin(2 * MathF.PI * 660 * i / rate);
        }

        return x;
    }
}
