using System.Globalization;
using BenchmarkDotNet.Running;
using LocoformerVst.Benchmarks.Streaming;

namespace LocoformerVst.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (BenchmarkDotNet switcher); `build.ps1 bench` runs them all, then
/// the streaming soak (`soak [minutes]`, default 60), which is a long single run rather than a BenchmarkDotNet suite.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "soak")
        {
            SoakRun.Run(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 60);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
