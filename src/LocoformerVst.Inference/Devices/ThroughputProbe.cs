using System.Diagnostics;
using LocoformerVst.Inference.Onnx;
using LocoformerVst.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Devices;

/// <summary>
/// Measures a device's fp32 MatMul throughput with a generated MatMul chain (<see cref="ProbeModels.MatMulChain"/>)
/// run through the same session settings the models will use. Short by design (about 0.1–0.3 s on a CPU) because it
/// runs when a plug-in activates; the best run is reported, approximating the device's attainable peak.
/// </summary>
public static class ThroughputProbe
{
    /// <summary>CPU probe: X [256, 512] through 4 MatMuls with a 512 x 512 weight, 0.54 GFLOP per run.</summary>
    internal static readonly (int Rows, int Width, int Depth) CpuShape = (256, 512, 4);

    /// <summary>GPU probe: X [2048, 1024] through 8 MatMuls, 34 GFLOP per run, so transfers and launch overhead stay small.</summary>
    internal static readonly (int Rows, int Width, int Depth) GpuShape = (2048, 1024, 8);

    /// <summary>Runs the probe and returns GFLOP/s; throws ExecutionProviderUnavailableException or OnnxRuntimeException if the device fails.</summary>
    public static double MeasureGflops(InferenceSettings settings, TimeSpan? budget = null)
    {
        (int rows, int width, int depth) = settings.Provider == ExecutionProvider.Cpu ? CpuShape : GpuShape;
        return MeasureGflops(settings, rows, width, depth, budget ?? TimeSpan.FromMilliseconds(150));
    }

    /// <summary>Runs an explicit MatMul chain: at least 3 timed runs, then more until <paramref name="budget"/> is spent.</summary>
    public static double MeasureGflops(InferenceSettings settings, int rows, int width, int depth, TimeSpan budget)
    {
        using SessionOptions options = SessionOptionsFactory.Create(settings);
        using var session = new InferenceSession(ProbeModels.MatMulChain(rows, width, depth), options);
        var x = new float[rows * width];
        var y = new float[rows * width];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i % 17) / 17f - 0.5f; // bounded values: random bit patterns would include NaN and denormals
        }

        using var xv = OrtValue.CreateTensorValueFromMemory(x, [rows, width]);
        using var yv = OrtValue.CreateTensorValueFromMemory(y, [rows, width]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("x", xv);
        binding.BindOutput("y", yv);
        using var runOptions = new RunOptions();

        session.RunWithBinding(runOptions, binding); // warm-up: kernel selection, arena growth, thread start
        double best = double.MaxValue;
        var total = Stopwatch.StartNew();
        for (int run = 0; run < 200 && (run < 3 || total.Elapsed < budget); run++)
        {
            long start = Stopwatch.GetTimestamp();
            session.RunWithBinding(runOptions, binding);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return ProbeModels.MatMulChainFlops(rows, width, depth) / best / 1e9;
    }
}
