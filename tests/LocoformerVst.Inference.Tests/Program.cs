using System.Globalization;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Native;
using LocoformerVst.Inference.Onnx;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Tests;

/// <summary>
/// Entry point of this test assembly when started by <see cref="ChildProcess"/> (the test runner never calls it):
/// each scenario needs a process in which ONNX Runtime has not been touched yet. Prints key=value lines.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            switch (args.FirstOrDefault())
            {
                case "loader-from-directory":
                    return LoaderFromDirectory(args[1]);
                case "loader-after-ort-used":
                    return LoaderAfterOrtUsed(args[1]);
                case "thread-growth":
                    return ThreadGrowth(shared: args[1] == "shared");
                case "shared-pool-golden":
                    return SharedPoolGolden();
                case "shared-pool-too-late":
                    return SharedPoolTooLate();
                default:
                    Console.Error.WriteLine($"unknown scenario '{args.FirstOrDefault()}'");
                    return 2;
            }
        }
        catch (Exception e)
        {
            Console.WriteLine($"exception={e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static int LoaderFromDirectory(string libraryDirectory)
    {
        OnnxRuntimeLoader.UseLibraryDirectory(libraryDirectory);
        OnnxRuntimeLoader.UseLibraryDirectory(libraryDirectory); // idempotent

        // y = x · I: a real inference through whichever library the resolver loaded.
        float[] identity = new float[9];
        identity[0] = identity[4] = identity[8] = 1;
        byte[] model = new OnnxModelBuilder().Input("x", 1L, 3L).Output("y", 1L, 3L)
            .Initializer("w", [3, 3], identity).Node("MatMul", ["x", "w"], ["y"]).Build();
        using var session = new InferenceSession(model);
        using var x = OrtValue.CreateTensorValueFromMemory(new float[] { 1.5f, -2f, 4f }, [1, 3]);
        using var outputs = session.Run(new RunOptions(), ["x"], [x], ["y"]);
        Console.WriteLine("result=" + string.Join(",", outputs[0].GetTensorDataAsSpan<float>().ToArray()
            .Select(v => v.ToString(CultureInfo.InvariantCulture))));
        foreach (string path in LoadedModules("libonnxruntime"))
        {
            Console.WriteLine("loaded=" + path);
        }

        return 0;
    }

    private static int LoaderAfterOrtUsed(string libraryDirectory)
    {
        using (new SessionOptions())
        {
        }

        try
        {
            OnnxRuntimeLoader.UseLibraryDirectory(libraryDirectory);
            Console.WriteLine("rejected=no");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("rejected=" + e.Message);
        }

        return 0;
    }

    /// <summary>OS threads added by opening three more sessions after the first, with or without the shared pool.</summary>
    private static int ThreadGrowth(bool shared)
    {
        if (shared)
        {
            SharedOrtEnvironment.Initialize(intraOpThreads: 2, allowSpinning: false);
        }

        var settings = new InferenceSettings { IntraOpThreads = 2, AllowSpinning = false, UseSharedThreadPool = shared };
        ModelEntry model = Fixtures.Model("tiny-2stem");
        var sessions = new List<ChunkSession> { ChunkSession.Open(model, 4, settings) };
        sessions[0].Run();
        int before = ThreadCount();
        for (int i = 0; i < 3; i++)
        {
            sessions.Add(ChunkSession.Open(model, 4, settings));
            sessions[^1].Run();
        }

        Console.WriteLine($"added={ThreadCount() - before}");
        sessions.ForEach(s => s.Dispose());
        return 0;
    }

    private static int SharedPoolGolden()
    {
        Console.WriteLine("created=" + SharedOrtEnvironment.Initialize(intraOpThreads: 2, allowSpinning: true));
        Console.WriteLine("createdAgain=" + SharedOrtEnvironment.Initialize(intraOpThreads: 3, allowSpinning: true));
        GoldenPair golden = Fixtures.Golden("tiny-2stem", 16);
        var settings = new InferenceSettings { UseSharedThreadPool = true };
        using ChunkSession a = ChunkSession.Open(Fixtures.Model("tiny-2stem"), 16, settings);
        using ChunkSession b = ChunkSession.Open(Fixtures.Model("tiny-2stem"), 16, settings);
        foreach (ChunkSession s in new[] { a, b })
        {
            golden.Mix.CopyTo(s.Input);
            s.Run();
        }

        Console.WriteLine("maxDiffA=" + MaxAbsDiff(a.Output, golden.Stems).ToString("R", CultureInfo.InvariantCulture));
        Console.WriteLine("maxDiffB=" + MaxAbsDiff(b.Output, golden.Stems).ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    private static int SharedPoolTooLate()
    {
        using (new SessionOptions())
        {
        }

        _ = OrtEnv.Instance();
        try
        {
            SharedOrtEnvironment.Initialize(2, true);
            Console.WriteLine("rejected=no");
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine("rejected=" + e.Message);
        }

        return 0;
    }

    private static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double max = a.Length == b.Length ? 0 : double.PositiveInfinity;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    private static IEnumerable<string> LoadedModules(string namePrefix) =>
        File.ReadAllLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && Path.GetFileName(parts[5]).StartsWith(namePrefix, StringComparison.Ordinal))
            .Select(parts => parts[5])
            .Distinct();
}
