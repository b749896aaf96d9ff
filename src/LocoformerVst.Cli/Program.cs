using System.CommandLine;

namespace LocoformerVst.Cli;

/// <summary>Entry point of the `locoformer` command line: separates, cleans and enhances audio files.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("LocoformerVst: neural stem separation, cleaning and enhancement of audio files.");
        return root.Parse(args).Invoke();
    }
}
