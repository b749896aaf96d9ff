using System.Diagnostics;

namespace LocoformerVst.Inference.Tests.Support;

/// <summary>
/// Runs a scenario of <see cref="Program"/> in a fresh process of this test assembly. ONNX Runtime's environment and
/// its DllImport resolver are process-wide and set once, so tests of how they are first set up need a new process.
/// </summary>
public static class ChildProcess
{
    public static (int ExitCode, string Output) Run(string scenario, params string[] args)
    {
        string assembly = typeof(ChildProcess).Assembly.Location;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h)
            ? h
            : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(assembly);
        info.ArgumentList.Add(scenario);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"child scenario '{scenario}' did not finish in 120 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
