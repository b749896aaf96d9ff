using System.Globalization;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>One render through the real bundle: the host's report, the main output and the five aux stem outputs.</summary>
public sealed record Render(HostRun Run, float[][] Main, float[][][] Aux)
{
    /// <summary>The latency the host read at the last activation.</summary>
    public int Latency => (int)Run.Numbers("latency")[^1];

    public float[][] Vocals => Aux[0];
    public float[][] Drums => Aux[1];
    public float[][] Instruments => Aux[3];
}

/// <summary>Writes the input WAV, runs vst3host on the product bundle and reads every output back.</summary>
public static class Renderer
{
    public static Render Run(ProductBundleFixture bundle, string name, float[][] input, int rate, params string[] options) =>
        Run(bundle, null, name, input, rate, options);

    public static Render Run(ProductBundleFixture bundle, IReadOnlyDictionary<string, string?>? environment, string name,
        float[][] input, int rate, params string[] options)
    {
        string inPath = bundle.TempPath(name + ".in.wav");
        TestWav.WriteFloat(inPath, input, rate);
        HostRun run = bundle.RunHost(environment, null,
            ["--in", inPath, "--out", bundle.TempPath(name + ".wav"), "--aux-out", bundle.TempPath(name + "-aux"), .. options])
            .AssertSucceeded();
        float[][] main = Read(bundle.TempPath(name + ".wav"), rate);
        float[][][] aux = Enumerable.Range(1, 5).Select(k => Read(bundle.TempPath($"{name}-aux{k}.wav"), rate)).ToArray();
        return new Render(run, main, aux);
    }

    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static float[][] Read(string path, int rate)
    {
        (float[][] channels, int actual) = TestWav.Read(path);
        Assert.Equal(rate, actual);
        return channels;
    }
}
