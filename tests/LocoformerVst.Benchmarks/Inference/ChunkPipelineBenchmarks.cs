using BenchmarkDotNet.Attributes;
using LocoformerVst.Dsp.Spectral;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Benchmarks.Inference;

/// <summary>
/// The whole per-chunk path of the lite model on the CPU: std normalization, STFT of both channels straight into
/// the model input, the ONNX run, iSTFT of every stem and channel, and scaling back. Its RTF column is the real-time
/// factor a caller sees, STFT/iSTFT included.
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class ChunkPipelineBenchmarks
{
    private readonly Stft _stft = new();
    private ChunkSession? _chunk;
    private float[][] _signal = [];
    private float[] _work = [];
    private float[] _output = [];
    private int _length;

    [Params("lite")]
    public string Config { get; set; } = "lite";

    [GlobalSetup]
    public void Setup()
    {
        _chunk = ChunkSession.Open(BenchEnvironment.RandomModel(Config), BenchEnvironment.ChunkFrames,
            new InferenceSettings { IntraOpThreads = BenchEnvironment.Threads });
        // 1 + length / hop = 64 frames.
        _length = (BenchEnvironment.ChunkFrames - 1) * ModelContract.Hop;
        var random = new Random(1);
        _signal = [.. Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, _length).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f).ToArray())];
        _work = new float[2 * _length];
        _output = new float[_length];
    }

    [Benchmark]
    public float StftOrtIstft()
    {
        ChunkSession chunk = _chunk!;
        _signal[0].CopyTo(_work, 0);
        _signal[1].CopyTo(_work, _length);
        float scale = ChunkNormalization.Normalize(_work);

        int plane = chunk.PlaneLength;
        for (int channel = 0; channel < 2; channel++)
        {
            Span<float> planes = chunk.Input.Slice(2 * channel * plane, 2 * plane);
            _stft.Forward(_work.AsSpan(channel * _length, _length), planes[..plane], planes[plane..]);
        }

        chunk.Run();

        float checksum = 0;
        for (int stem = 0; stem < chunk.StemCount; stem++)
        {
            Span<float> spectra = chunk.OutputStem(stem);
            for (int channel = 0; channel < 2; channel++)
            {
                Span<float> planes = spectra.Slice(2 * channel * plane, 2 * plane);
                _stft.Inverse(planes[..plane], planes[plane..], BenchEnvironment.ChunkFrames, _output, _length);
                ChunkNormalization.Denormalize(_output, scale);
                checksum += _output[_length / 2];
            }
        }

        return checksum;
    }

    [GlobalCleanup]
    public void Cleanup() => _chunk?.Dispose();
}
