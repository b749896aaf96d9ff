using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LocoformerVst.Benchmarks.Inference;

/// <summary>
/// Settings for the model benchmarks: in-process (so the derived columns can read what setup measured: model FLOPs
/// and PyTorch times), a 40-minute limit per case and few, long iterations, because one medium chunk takes tens of
/// seconds on a CPU.
/// </summary>
internal sealed class InferenceBenchConfig : ManualConfig
{
    public InferenceBenchConfig()
    {
        AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(40), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(
            new DerivedColumn("GFLOP/s", "model FLOPs per second achieved (MatMul: 2*n^3)", GflopsText),
            new DerivedColumn("of MatMul peak", "achieved GFLOP/s over the MatMul1024 row's", OfPeak),
            new DerivedColumn("RTF", "seconds per chunk / audio seconds per chunk (< 1 keeps up)", Rtf),
            new DerivedColumn("PyTorch s", "PyTorch eager seconds per chunk, same weights and threads", TorchSeconds),
            new DerivedColumn("ORT/PyTorch", "time ratio; < 1 means ONNX Runtime is faster", TorchRatio));
    }

    internal static string Config(BenchmarkCase c) =>
        c.Parameters.Items.FirstOrDefault(p => p.Name == "Config")?.Value?.ToString() ?? "lite";

    private static double? MeanSeconds(Summary s, BenchmarkCase c) => s[c]?.ResultStatistics?.Mean / 1e9;

    private static double? FlopsPerOp(BenchmarkCase c) => c.Descriptor.WorkloadMethod.Name switch
    {
        nameof(ChunkInferenceBenchmarks.MatMul1024) => ChunkInferenceBenchmarks.MatMulFlops,
        _ => BenchEnvironment.RandomModel(Config(c)).Manifest.FlopsPerSecond * BenchEnvironment.ChunkSeconds,
    };

    private static double? Gflops(Summary s, BenchmarkCase c) => FlopsPerOp(c) / MeanSeconds(s, c) / 1e9;

    private static string OfPeak(Summary s, BenchmarkCase c)
    {
        BenchmarkCase? peak = s.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.WorkloadMethod.Name == nameof(ChunkInferenceBenchmarks.MatMul1024) && Config(b) == Config(c));
        return peak is null || IsMatMul(c) ? "-" : Percent(Gflops(s, c) / Gflops(s, peak));
    }

    private static string Rtf(Summary s, BenchmarkCase c) =>
        IsMatMul(c) ? "-" : Number(MeanSeconds(s, c) / BenchEnvironment.ChunkSeconds, "F3");

    private static string TorchSeconds(Summary s, BenchmarkCase c) =>
        IsMatMul(c) ? "-" : Number(BenchEnvironment.TorchSecondsPerChunk(Config(c)), "F3");

    private static string TorchRatio(Summary s, BenchmarkCase c) =>
        IsMatMul(c) ? "-" : Number(MeanSeconds(s, c) / BenchEnvironment.TorchSecondsPerChunk(Config(c)), "F3");

    private static bool IsMatMul(BenchmarkCase c) => c.Descriptor.WorkloadMethod.Name == nameof(ChunkInferenceBenchmarks.MatMul1024);

    private static string Number(double? value, string format) =>
        value is double v && double.IsFinite(v) ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "?";

    private static string Percent(double? value) =>
        value is double v && double.IsFinite(v) ? v.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) : "?";

    private static string GflopsText(Summary s, BenchmarkCase c) => Number(Gflops(s, c), "F1");
}

/// <summary>A summary column computed from a row's mean time and values measured during setup.</summary>
internal sealed class DerivedColumn(string name, string legend, Func<Summary, BenchmarkCase, string> value) : IColumn
{
    public string Id => "Locoformer." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => value(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
