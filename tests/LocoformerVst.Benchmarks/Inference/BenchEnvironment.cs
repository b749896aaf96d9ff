using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LocoformerVst.Inference.Models;

namespace LocoformerVst.Benchmarks.Inference;

/// <summary>
/// What the inference benchmarks need from outside .NET: random-weight ONNX models exported by the PyTorch code at
/// bench time (not committed; cached per process in a temp folder) and PyTorch eager timings on the same weights.
/// </summary>
internal static class BenchEnvironment
{
    public const int ChunkFrames = 64;
    public const int Threads = 2;
    public static readonly string[] Stems = ["vocals", "instrumental"];

    /// <summary>Audio seconds one chunk covers: frames * hop / sample rate.</summary>
    public static double ChunkSeconds => ChunkFrames * (double)ModelContract.Hop / ModelContract.SampleRate;

    private static readonly ConcurrentDictionary<string, Lazy<ModelEntry>> Models = new();
    private static readonly ConcurrentDictionary<string, Lazy<double?>> TorchSeconds = new();
    private static readonly Lazy<string> WorkDirectory = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), $"locoformer-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return dir;
    });

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>The config's model with random weights (seed 0), exported once per process by models/training/export.py.</summary>
    public static ModelEntry RandomModel(string config) => Models.GetOrAdd(config, c => new Lazy<ModelEntry>(() =>
    {
        string onnx = Path.Combine(WorkDirectory.Value, $"{c}-2stem-random.onnx");
        RunPython("export.py", "--config", c, "--stems", string.Join(",", Stems), "--out", onnx, "--seed", "0");
        return ModelEntry.Load(onnx);
    })).Value;

    /// <summary>
    /// PyTorch eager seconds per chunk for the same config, weights (seed 0) and chunk, on the same thread count;
    /// null (with a message) when models/training/bench_torch.py is missing or fails.
    /// </summary>
    public static double? TorchSecondsPerChunk(string config) => TorchSeconds.GetOrAdd(config, c => new Lazy<double?>(() =>
    {
        try
        {
            // Same seed and construction as export.py, so both time the same weights; prints {"<config>": seconds}.
            string json = RunPython("bench_torch.py", "--configs", c,
                "--frames", ChunkFrames.ToString(CultureInfo.InvariantCulture),
                "--stems", Stems.Length.ToString(CultureInfo.InvariantCulture),
                "--threads", Threads.ToString(CultureInfo.InvariantCulture));
            using JsonDocument doc = JsonDocument.Parse(json.Trim().Split('\n')[^1]);
            return doc.RootElement.GetProperty(c).GetDouble();
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or KeyNotFoundException)
        {
            Console.WriteLine($"// PyTorch reference unavailable for {c}: {e.Message}");
            return null;
        }
    })).Value;

    private static string RunPython(string script, params string[] args)
    {
        string path = Path.Combine(RepoRoot, "models", "training", script);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"'{path}' not found");
        }

        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        info.ArgumentList.Add(path);
        args.ToList().ForEach(info.ArgumentList.Add);
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }

    private static string FindRepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "LocoformerVst.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"LocoformerVst.sln not found above '{AppContext.BaseDirectory}'");
    }
}
