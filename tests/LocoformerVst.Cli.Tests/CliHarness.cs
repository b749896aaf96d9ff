using System.Diagnostics;
using System.Text.Json;
using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli.Tests;

/// <summary>A console that records what the CLI writes and lets a test watch (and interrupt) file jobs.</summary>
internal sealed class RecordingConsole(Action<string, double>? onProgress = null, bool terminal = false)
    : CliConsole(new StringWriter(), new StringWriter(), terminal)
{
    public string Stdout => Out.ToString()!;

    public string Stderr => Error.ToString()!;

    public override void OnProgress(string input, double fraction) => onProgress?.Invoke(input, fraction);
}

/// <summary>Runs the CLI in-process or as a real process, and makes test audio.</summary>
internal static class Cli
{
    public static string FixtureModels => Path.Combine(AppContext.BaseDirectory, "fixtures", "models");

    public static (int Exit, RecordingConsole Console) Run(params string[] args) => Run(new RecordingConsole(), CancellationToken.None, args);

    public static (int Exit, RecordingConsole Console) Run(RecordingConsole console, CancellationToken cancellation, params string[] args)
    {
        int exit = CliApp.RunAsync(args, console, cancellation).GetAwaiter().GetResult();
        return (exit, console);
    }

    /// <summary>The built CLI (copied beside the tests by the project reference), started with `dotnet locoformer.dll`.</summary>
    public static Process Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "locoformer.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    public static JsonElement Json(string stdout)
    {
        using JsonDocument doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    /// <summary>A stereo (or mono) mix of sines and tone bursts below 10 kHz at <paramref name="rate"/>.</summary>
    public static string WriteMix(string path, int rate, int seconds, int channels = 2, double level = 0.6)
    {
        var buffer = new AudioBuffer(channels, seconds * rate, rate);
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                double t = (double)i / rate;
                double envelope = Math.Sin(Math.PI * (t % 0.25) / 0.25);
                buffer.Samples[c][i] = (float)(level * (0.5 * Math.Sin(2 * Math.PI * (110 + 55 * c) * t)
                    + 0.3 * Math.Sin(2 * Math.PI * 440 * t + c) + 0.2 * envelope * envelope * Math.Sin(2 * Math.PI * 3000 * t)));
            }
        }

        AudioFile.WriteWav(path, buffer, WavSampleFormat.Float32);
        return path;
    }

    public static double MaxDifference(AudioBuffer a, AudioBuffer b)
    {
        Assert.Equal((a.Channels, a.Length, a.SampleRate), (b.Channels, b.Length, b.SampleRate));
        double worst = 0;
        for (int c = 0; c < a.Channels; c++)
        {
            for (int i = 0; i < a.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(a.Samples[c][i] - b.Samples[c][i]));
            }
        }

        return worst;
    }

    /// <summary>Every entry of a directory, hidden ones included (a leftover temp file must show up).</summary>
    public static string[] Listing(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)!).Order()] : [];
}
