using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using LocoformerVst.Dsp.Spectral;
using MathNet.Numerics.IntegralTransforms;

namespace LocoformerVst.Benchmarks.Spectral;

/// <summary>
/// Our 2048-point real FFT (the STFT's frame transform) against FftSharp and MathNet.Numerics, forward and inverse;
/// MathNet's packed real FFT is the baseline of each category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RealFftBenchmarks
{
    private const int N = 2048;
    private readonly RealFft ours = new(N);
    private readonly float[] input = new float[N];
    private readonly float[] output = new float[N];
    private readonly float[] real = new float[N / 2 + 1];
    private readonly float[] imag = new float[N / 2 + 1];
    private readonly float[] mathNetPacked = new float[N + 2];
    private readonly Complex[] fftSharpBuffer = new Complex[N];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < N; i++)
        {
            input[i] = (float)(2 * random.NextDouble() - 1);
        }

        ours.Forward(input, real, imag);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Forward")]
    public float MathNetForwardReal()
    {
        input.CopyTo(mathNetPacked, 0);
        Fourier.ForwardReal(mathNetPacked, N, FourierOptions.NoScaling);
        return mathNetPacked[3];
    }

    [Benchmark]
    [BenchmarkCategory("Forward")]
    public double FftSharpForward()
    {
        // FftSharp has no in-place real transform: its ForwardReal allocates and runs the full complex FFT, as here.
        for (int i = 0; i < N; i++)
        {
            fftSharpBuffer[i] = new Complex(input[i], 0);
        }

        FftSharp.FFT.Forward(fftSharpBuffer);
        return fftSharpBuffer[3].Real;
    }

    [Benchmark]
    [BenchmarkCategory("Forward")]
    public float OursForward()
    {
        ours.Forward(input, real, imag);
        return real[3];
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Inverse")]
    public float MathNetInverseReal()
    {
        for (int k = 0; k <= N / 2; k++)
        {
            mathNetPacked[2 * k] = real[k];
            mathNetPacked[2 * k + 1] = imag[k];
        }

        Fourier.InverseReal(mathNetPacked, N, FourierOptions.NoScaling);
        return mathNetPacked[3];
    }

    [Benchmark]
    [BenchmarkCategory("Inverse")]
    public double FftSharpInverse()
    {
        for (int k = 0; k <= N / 2; k++)
        {
            fftSharpBuffer[k] = new Complex(real[k], imag[k]);
        }

        for (int k = N / 2 + 1; k < N; k++)
        {
            fftSharpBuffer[k] = Complex.Conjugate(fftSharpBuffer[N - k]);
        }

        FftSharp.FFT.Inverse(fftSharpBuffer);
        return fftSharpBuffer[3].Real;
    }

    [Benchmark]
    [BenchmarkCategory("Inverse")]
    public float OursInverse()
    {
        ours.Inverse(real, imag, output);
        return output[3];
    }
}
