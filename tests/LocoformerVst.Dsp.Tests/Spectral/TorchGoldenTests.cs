using System.Runtime.InteropServices;
using System.Text.Json;
using LocoformerVst.Dsp.Spectral;
using static LocoformerVst.Dsp.Tests.Spectral.SpectralReference;

namespace LocoformerVst.Dsp.Tests.Spectral;

/// <summary>Compares against torch.stft / torch.istft outputs written by tests/fixtures/stft/make_stft_golden.py.</summary>
public class TorchGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "stft");

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (GoldenCase c in LoadCases())
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void Golden_index_lists_the_2048_512_model_geometry_and_a_small_odd_length_case()
    {
        List<GoldenCase> cases = LoadCases();
        Assert.Contains(cases, c => c.NFft == 2048 && c.Hop == 512);
        Assert.Contains(cases, c => c.NFft == 256 && c.Length % 2 == 1);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Forward_matches_torch_stft(string name)
    {
        GoldenCase c = Load(name);
        var stft = new Stft(new StftSettings(c.NFft, c.Hop));
        float[] signal = Read(c.Signal, c.Length);
        Assert.Equal(c.Frames, stft.FrameCount(c.Length));
        int size = c.Frames * c.Bins;
        var re = new float[size];
        var im = new float[size];

        stft.Forward(signal, re, im);

        float[] torchRe = Read(c.StftReal, size);
        float[] torchIm = Read(c.StftImag, size);
        double scale = Math.Max(MaxAbs(torchRe), MaxAbs(torchIm));
        Assert.True(MaxAbsDifference(re, torchRe) < 1e-5 * scale, $"real error {MaxAbsDifference(re, torchRe) / scale:E2} of max");
        Assert.True(MaxAbsDifference(im, torchIm) < 1e-5 * scale, $"imag error {MaxAbsDifference(im, torchIm) / scale:E2} of max");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Inverse_matches_torch_istft_of_an_arbitrary_spectrum(string name)
    {
        GoldenCase c = Load(name);
        var stft = new Stft(new StftSettings(c.NFft, c.Hop));
        int size = c.Frames * c.Bins;
        float[] re = Read(c.RandomReal, size);
        float[] im = Read(c.RandomImag, size);
        var output = new float[c.IstftLength];

        stft.Inverse(re, im, c.Frames, output, c.IstftLength);

        float[] torch = Read(c.Istft, c.IstftLength);
        double scale = MaxAbs(torch);
        // Near the end the envelope falls to w[n_fft-1]^2, so torch's own float64 result is large there; compare relative to max.
        Assert.True(MaxAbsDifference(output, torch) < 1e-5 * scale, $"error {MaxAbsDifference(output, torch) / scale:E2} of max");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Inverse_of_torch_stft_returns_the_signal(string name)
    {
        GoldenCase c = Load(name);
        var stft = new Stft(new StftSettings(c.NFft, c.Hop));
        int size = c.Frames * c.Bins;
        var output = new float[c.Length];

        stft.Inverse(Read(c.StftReal, size), Read(c.StftImag, size), c.Frames, output, c.Length);

        float[] signal = Read(c.Signal, c.Length);
        Assert.True(MaxAbsDifference(output, signal) < 1e-5, $"error {MaxAbsDifference(output, signal):E2}");
    }

    private static GoldenCase Load(string name) => LoadCases().Single(c => c.Name == name);

    private static List<GoldenCase> LoadCases()
    {
        string path = Path.Combine(Folder, "index.json");
        Assert.True(File.Exists(path), $"missing {path}: run /usr/bin/python3 tests/fixtures/stft/make_stft_golden.py");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        return document.RootElement.GetProperty("cases").Deserialize<List<GoldenCase>>(options)!;
    }

    private static float[] Read(string file, int count)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal(count * sizeof(float), bytes.Length);
        Assert.True(BitConverter.IsLittleEndian);
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private sealed record GoldenCase(
        string Name, int NFft, int Hop, int Length, int Frames, int Bins, string Signal, string StftReal, string StftImag,
        string RandomReal, string RandomImag, int IstftLength, string Istft);
}
