using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocoformerVst.Benchmarks.Spectral;
using LocoformerVst.Streaming;

namespace LocoformerVst.Benchmarks.Streaming;

/// <summary>
/// Audio-thread cost of one <see cref="RealtimeSeparator.Process"/> call: 128 frames, stereo, 48 kHz (both resamplers
/// active), real-time mode. "Audio s/s" is the inverse of the share of the block's real-time budget (2.67 ms) the call
/// uses: 1000 audio s/s = 0.1 % of the budget. Baseline: copying the block in and out, the least any plugin does.
/// The worker runs meanwhile; calls come far faster than real time, so most take the underrun path, which does the
/// same work (ring reads, resampling, cross-fade) as the normal one.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class ProcessCallBenchmarks
{
    private const int Rate = 48_000;
    private const int Frames = 128;
    private RealtimeSeparator _separator = null!;
    private float[] _input = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        _separator = SeparatorFixture.Create(Rate, Frames);
        _input = SeparatorFixture.Block(Frames, Rate);
        _output = new float[_input.Length];
    }

    [GlobalCleanup]
    public void Cleanup() => _separator.Dispose();

    [Benchmark(Baseline = true)]
    public void CopyBlock()
    {
        _input.AsSpan(0, Frames).CopyTo(_output);
        _input.AsSpan(Frames, Frames).CopyTo(_output.AsSpan(Frames));
    }

    [Benchmark]
    public void Process128StereoAt48k() =>
        _separator.Process(_input, Frames, _output, Frames, Span<float>.Empty, 0, Frames, HostProcessMode.Realtime);

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new AudioSecondsPerSecondColumn((double)Frames / Rate));
    }
}
