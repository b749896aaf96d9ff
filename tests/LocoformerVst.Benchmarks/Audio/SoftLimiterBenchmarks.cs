using BenchmarkDotNet.Attributes;
using LocoformerVst.Dsp.Dynamics;

namespace LocoformerVst.Benchmarks.Audio;

/// <summary>One second of hot stereo 44.1 kHz audio through the look-ahead limiter in 512-frame blocks, against a plain gain (baseline: the memory-traffic floor).</summary>
[MemoryDiagnoser]
public class SoftLimiterBenchmarks
{
    private const int Rate = 44_100;
    private const int Block = 512;
    private readonly float[] _left = new float[Rate];
    private readonly float[] _right = new float[Rate];
    private readonly float[] _outLeft = new float[Rate];
    private readonly float[] _outRight = new float[Rate];
    private readonly SoftLimiter _limiter = new(2, Rate);

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        for (int i = 0; i < Rate; i++)
        {
            _left[i] = (float)(4 * (rng.NextDouble() - 0.5));
            _right[i] = (float)(4 * (rng.NextDouble() - 0.5));
        }
    }

    [Benchmark(Baseline = true)]
    public void PlainGain()
    {
        for (int i = 0; i < Rate; i++)
        {
            _outLeft[i] = _left[i] * 0.5f;
            _outRight[i] = _right[i] * 0.5f;
        }
    }

    [Benchmark]
    public void Limiter()
    {
        for (int start = 0; start + Block <= Rate; start += Block)
        {
            _limiter.Process(_left.AsSpan(start, Block), _right.AsSpan(start, Block), _outLeft.AsSpan(start, Block), _outRight.AsSpan(start, Block));
        }
    }
}
