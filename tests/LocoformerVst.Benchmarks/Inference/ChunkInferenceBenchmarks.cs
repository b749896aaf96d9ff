using BenchmarkDotNet.Attributes;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Onnx;
using LocoformerVst.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Benchmarks.Inference;

/// <summary>
/// One stereo chunk of 64 frames through ONNX Runtime from C# (<see cref="ChunkSession"/>), for the lite (CPU
/// real-time) and medium (GPU) configs with random weights, next to a 1024³ fp32 MatMul measured in the same run as
/// the device's attainable peak. Derived columns: achieved GFLOP/s, share of the MatMul peak, real-time factor and
/// the ratio to PyTorch eager on the same weights (models/training/bench_torch.py).
/// </summary>
[Config(typeof(InferenceBenchConfig))]
public class ChunkInferenceBenchmarks
{
    private const int MatMulSize = 1024;
    internal const double MatMulFlops = 2.0 * MatMulSize * MatMulSize * MatMulSize;

    private ChunkSession? _chunk;
    private InferenceSession? _matMul;
    private OrtIoBinding? _matMulBinding;
    private OrtValue[] _matMulValues = [];
    private RunOptions? _runOptions;

    [Params("lite", "medium")]
    public string Config { get; set; } = "lite";

    private static InferenceSettings Settings => new() { IntraOpThreads = BenchEnvironment.Threads };

    [GlobalSetup(Target = nameof(OrtChunk))]
    public void SetupChunk()
    {
        ModelEntry model = BenchEnvironment.RandomModel(Config);
        _chunk = ChunkSession.Open(model, BenchEnvironment.ChunkFrames, Settings);
        var random = new Random(0);
        Span<float> input = _chunk.Input;
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)(random.NextDouble() * 2 - 1);
        }

        // Measured here, outside the timed region, so the column can compare against it.
        double? torch = BenchEnvironment.TorchSecondsPerChunk(Config);
        Console.WriteLine($"// {model.Name}: {model.Manifest.Parameters:N0} parameters, " +
                          $"{model.Manifest.FlopsPerSecond / 1e9:F1} GFLOP per second of audio, PyTorch {torch:F3} s/chunk");
    }

    [GlobalSetup(Target = nameof(MatMul1024))]
    public void SetupMatMul()
    {
        // A single 1024 x 1024 x 1024 MatMul with both operands as inputs, so nothing is constant-folded.
        byte[] onnx = new OnnxModelBuilder()
            .Input("a", (long)MatMulSize, (long)MatMulSize).Input("b", (long)MatMulSize, (long)MatMulSize)
            .Output("c", (long)MatMulSize, (long)MatMulSize)
            .Node("MatMul", ["a", "b"], ["c"]).Build("matmul1024");
        using SessionOptions options = SessionOptionsFactory.Create(Settings);
        _matMul = new InferenceSession(onnx, options);
        int n = MatMulSize * MatMulSize;
        float[] a = Enumerable.Range(0, n).Select(i => (i % 13) / 13f).ToArray();
        float[] b = Enumerable.Range(0, n).Select(i => (i % 7) / 7f).ToArray();
        _matMulValues =
        [
            OrtValue.CreateTensorValueFromMemory(a, [MatMulSize, MatMulSize]),
            OrtValue.CreateTensorValueFromMemory(b, [MatMulSize, MatMulSize]),
            OrtValue.CreateTensorValueFromMemory(new float[n], [MatMulSize, MatMulSize]),
        ];
        _matMulBinding = _matMul.CreateIoBinding();
        _matMulBinding.BindInput("a", _matMulValues[0]);
        _matMulBinding.BindInput("b", _matMulValues[1]);
        _matMulBinding.BindOutput("c", _matMulValues[2]);
        _runOptions = new RunOptions();
        Console.WriteLine($"// device: {new DeviceManager(Settings).Select(ExecutionProvider.Cpu, measureThroughput: false)}");
    }

    [Benchmark]
    public void OrtChunk() => _chunk!.Run();

    [Benchmark]
    public void MatMul1024() => _matMul!.RunWithBinding(_runOptions!, _matMulBinding!);

    [GlobalCleanup]
    public void Cleanup()
    {
        _chunk?.Dispose();
        _matMulBinding?.Dispose();
        foreach (OrtValue value in _matMulValues)
        {
            value.Dispose();
        }

        _matMul?.Dispose();
        _runOptions?.Dispose();
    }
}
