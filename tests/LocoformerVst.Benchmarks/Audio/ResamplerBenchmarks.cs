using BenchmarkDotNet.Attributes;
using LocoformerVst.Dsp.Resampling;
using NAudio.Dsp;

namespace LocoformerVst.Benchmarks.Audio;

/// <summary>
/// One second of stereo 48 kHz audio converted to 44.1 kHz in 512-frame host blocks: our polyphase resampler against
/// NAudio's WDL sinc resampler (64 taps, the baseline), which allocates on every call.
/// </summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private const int InputRate = 48_000;
    private const int Block = 512;
    private readonly float[] _interleaved = new float[2 * InputRate];
    private readonly float[] _output = new float[2 * InputRate];
    private StreamingResampler _ours = null!;
    private WdlResampler _wdl = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (int i = 0; i < _interleaved.Length; i++)
        {
            _interleaved[i] = (float)(rng.NextDouble() - 0.5);
        }

        _ours = new StreamingResampler(InputRate, 44_100, 2);
        _wdl = new WdlResampler();
        _wdl.SetMode(true, 2, true, 64, 32);
        _wdl.SetFeedMode(true);
        _wdl.SetRates(InputRate, 44_100);
    }

    [Benchmark(Baseline = true)]
    public int NAudioWdl()
    {
        int produced = 0;
        for (int start = 0; start + Block <= InputRate; start += Block)
        {
            int want = _wdl.ResamplePrepare(Block, 2, out Span<float> inBuffer);
            _interleaved.AsSpan(2 * start, 2 * want).CopyTo(inBuffer);
            produced += _wdl.ResampleOut(_output.AsSpan(2 * produced), want, Block, 2);
        }

        return produced;
    }

    [Benchmark]
    public int Ours()
    {
        int produced = 0;
        for (int start = 0; start + Block <= InputRate; start += Block)
        {
            produced += _ours.Process(_interleaved.AsSpan(2 * start, 2 * Block), _output.AsSpan(2 * produced));
        }

        return produced;
    }
}
