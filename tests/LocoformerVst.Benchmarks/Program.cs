using BenchmarkDotNet.Running;

namespace LocoformerVst.Benchmarks;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet switcher); `build.ps1 bench` runs them all.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
