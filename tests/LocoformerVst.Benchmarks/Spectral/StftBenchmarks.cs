using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocoformerVst.Dsp.Spectral;

namespace LocoformerVst.Benchmarks.Spectral;

/// <summary>
/// STFT + iSTFT round trip of 60 s of stereo 44.1 kHz audio (2048/512), batch and streaming, on one thread; the
/// "Audio s/s" column is the real-time factor per core (target: at least 500).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class StftBenchmarks
{
    private const int SampleRate = 44_100;
    private const int Seconds = 60;
    private const int Length = SampleRate * Seconds;
    private readonly Stft stft = new();
    private readonly StreamingStft streamingStft = new(StftSettings.Default);
    private readonly StreamingIstft streamingIstft = new(StftSettings.Default);
    private readonly float[][] channels = [new float[Length], new float[Length]];
    private readonly float[] output = new float[Length];
    private readonly float[] frameRe = new float[StftSettings.Default.Bins];
    private readonly float[] frameIm = new float[StftSettings.Default.Bins];
    private readonly float[] hopOut = new float[StftSettings.Default.Hop];
    private float[] real = [];
    private float[] imag = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        foreach (float[] channel in channels)
        {
            for (int i = 0; i < Length; i++)
            {
                channel[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / SampleRate) + 0.2 * (2 * random.NextDouble() - 1));
            }
        }

        int frames = stft.FrameCount(Length);
        real = new float[frames * StftSettings.Default.Bins];
        imag = new float[frames * StftSettings.Default.Bins];
    }

    [Benchmark(Baseline = true)]
    public float BatchStftIstft60sStereo()
    {
        int frames = stft.FrameCount(Length);
        foreach (float[] channel in channels)
        {
            stft.Forward(channel, real, imag);
            stft.Inverse(real, imag, frames, output, Length);
        }

        return output[Length / 2];
    }

    [Benchmark]
    public long StreamingStftIstft60sStereo()
    {
        // 512-sample host blocks, every frame straight back through the streaming inverse (no model in between).
        long emitted = 0;
        foreach (float[] channel in channels)
        {
            streamingStft.Reset();
            streamingIstft.Reset();
            for (int offset = 0; offset < Length; offset += 512)
            {
                ReadOnlySpan<float> block = channel.AsSpan(offset, Math.Min(512, Length - offset));
                int taken = 0;
                while (taken < block.Length)
                {
                    taken += streamingStft.Push(block[taken..]);
                    while (streamingStft.TryReadFrame(frameRe, frameIm))
                    {
                        emitted += streamingIstft.Push(frameRe, frameIm, hopOut);
                    }
                }
            }
        }

        return emitted;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new AudioSecondsPerSecondColumn(Seconds));
    }
}
