using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests.Offline;

/// <summary>
/// The managed heap is one per process: this class runs alone (<see cref="HeapMeasurementCollection"/>) so no other
/// test's buffers come and go inside its measurement.
/// </summary>
[Collection(HeapMeasurementCollection.Name)]
public sealed class OfflineEngineMemoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ten_minute_song_streams_through_with_flat_managed_memory()
    {
        const int rate = 44_100;
        const long frames = 10L * 60 * rate;
        string input = OfflineAudio.Write(_temp.File("ten-minutes.wav"), rate, 2, frames, WavSampleFormat.Int16);
        string outDir = _temp.Sub("out");
        using var engine = new OfflineEngine(new OfflineEngineOptions { Inference = new InferenceSettings { IntraOpThreads = 1 } });
        var samples = new List<(double Progress, long Bytes)>();
        double nextSample = 0;

        OfflineResult result = engine.Run(
            OfflineEngineSeparationTests.Request(OfflineTask.Separate, input, outDir) with { Format = WavSampleFormat.Int16 },
            new SyncProgress(p =>
            {
                if (p >= nextSample)
                {
                    samples.Add((p, GC.GetTotalMemory(forceFullCollection: true)));
                    nextSample += 0.1;
                }
            }));

        // One channel of this song as float is 106 MB; holding the input or a stem would show up many times over.
        long early = samples.First(s => s.Progress >= 0.1).Bytes;
        long late = samples.Last(s => s.Progress < 1).Bytes;
        long peak = samples.Max(s => s.Bytes);
        Assert.True(samples.Count >= 9, $"{samples.Count} samples");
        Assert.True(peak < 48L << 20, $"managed heap peaked at {peak >> 20} MB");
        // A leak grows with the song; a heap that shrinks after the first tenth (caches settling) is not one.
        Assert.True(late - early < 8L << 20, $"managed heap grew from {early >> 20} MB to {late >> 20} MB as the song went on");

        foreach (string stem in (string[])["vocals", "instrumental"])
        {
            using var reader = AudioStreamReader.Open(Path.Combine(outDir, $"ten-minutes.{stem}.wav"));
            Assert.Equal(frames, reader.LengthFrames);
            Assert.Equal(rate, reader.SampleRate);
        }

        Assert.Equal(frames, result.Input.Frames);
        AssertTailMatches(input, Path.Combine(outDir, "ten-minutes.vocals.wav"), frames);
    }

    /// <summary>The last ten seconds of the identity model's vocals equal the input (to 16-bit rounding).</summary>
    private static void AssertTailMatches(string input, string output, long frames)
    {
        const int tail = 10 * 44_100;
        float[] Tail(string path)
        {
            using var reader = AudioStreamReader.Open(path);
            var skip = new float[65_536 * 2];
            long toSkip = frames - tail;
            while (toSkip > 0)
            {
                toSkip -= reader.ReadFrames(skip.AsSpan(0, (int)Math.Min(skip.Length, toSkip * 2)));
            }

            var x = new float[tail * 2];
            Assert.Equal(tail, reader.ReadFrames(x));
            return x;
        }

        float[] a = Tail(input), b = Tail(output);
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        Assert.True(worst <= 1.01 / 32768, $"max difference {worst}");
    }
}
