using System.Diagnostics;
using LocoformerVst.Streaming;

namespace LocoformerVst.Benchmarks.Streaming;

/// <summary>
/// Soak: one hour of 48 kHz stereo audio pushed through the separator faster than real time (offline mode, so every
/// chunk is inferred) with the identity model; prints managed heap and working set before and after (target: flat).
/// Run with `dotnet run -c Release --project tests/LocoformerVst.Benchmarks -- soak [minutes]`.
/// </summary>
internal static class SoakRun
{
    public static void Run(double minutes)
    {
        const int rate = 48_000, block = 512;
        using var separator = SeparatorFixture.Create(rate, block);
        float[] input = SeparatorFixture.Block(block, rate);
        var output = new float[input.Length];
        long blocks = (long)(minutes * 60 * rate / block);
        long warm = Math.Min(blocks, 10 * rate / block);
        for (long i = 0; i < warm; i++) separator.Process(input, block, output, block, Span<float>.Empty, 0, block, HostProcessMode.Offline);

        var (heapBefore, setBefore) = Measure();
        var clock = Stopwatch.StartNew();
        for (long i = warm; i < blocks; i++)
        {
            separator.Process(input, block, output, block, Span<float>.Empty, 0, block, HostProcessMode.Offline);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        var (heapAfter, setAfter) = Measure();
        double audio = (blocks - warm) * (double)block / rate;
        Console.WriteLine($"soak: {audio / 60:F1} min of 48 kHz stereo audio in {seconds:F1} s ({audio / seconds:F0}x real time)");
        Console.WriteLine($"soak: managed heap {heapBefore / 1e6:F2} MB -> {heapAfter / 1e6:F2} MB; working set {setBefore / 1e6:F1} MB -> {setAfter / 1e6:F1} MB");
        Console.WriteLine($"soak: underruns {separator.Underruns}, offline timeouts {separator.OfflineTimeouts}, late chunks {separator.LateChunks}");
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}
