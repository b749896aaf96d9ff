using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace LocoformerVst.Benchmarks.Spectral;

/// <summary>Turns a benchmark's mean time into "seconds of audio per second" (x real time on one core).</summary>
public sealed class AudioSecondsPerSecondColumn(double audioSecondsPerOperation) : IColumn
{
    public string Id => nameof(AudioSecondsPerSecondColumn);

    public string ColumnName => "Audio s/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Seconds of audio processed per second on one core ({audioSecondsPerOperation} s of audio per operation)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNs is > 0 ? (audioSecondsPerOperation / (meanNs.Value * 1e-9)).ToString("N0", CultureInfo.InvariantCulture) : "NA";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
