using System.Diagnostics;
using System.Text.Json;

namespace LocoformerVst.Cli.Tests;

/// <summary>The CLI as users run it: a separate `dotnet locoformer.dll` process, with real exit codes and signals.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Separate_as_a_process_exits_0_prints_json_and_writes_the_stems()
    {
        string mix = Cli.WriteMix(_temp.File("proc.wav"), 44_100, 2);
        string outDir = _temp.File("out");

        using Process process = Cli.Start("separate", mix, "-o", outDir, "--json", "--threads", "1",
            "--model-dir", Cli.FixtureModels, "--model", "identity-2stem");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        string errors = await stderr;
        Assert.True(process.WaitForExit(120_000), "the CLI did not exit");

        Assert.True(process.ExitCode == 0, errors);
        JsonElement json = Cli.Json(stdout);
        Assert.Equal("ok", json.GetProperty("files")[0].GetProperty("status").GetString());
        Assert.Equal(["proc.instrumental.wav", "proc.vocals.wav"], Cli.Listing(outDir));
        Assert.Contains("proc.wav: 100%", errors); // stdout is a pipe: plain progress lines on stderr
    }

    [Fact]
    public async Task Sigint_during_a_job_exits_130_and_leaves_no_output()
    {
        // The random-weight 5-stem model is slow enough on a CPU that the signal lands mid-file.
        string mix = Cli.WriteMix(_temp.File("sig.wav"), 44_100, 30);
        string outDir = _temp.Sub("out");

        using Process process = Cli.Start("separate", mix, "-o", outDir, "--stems", "5", "--threads", "1",
            "--model-dir", Cli.FixtureModels, "--model", "lite-5stem-random");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync()) is not null && !line.StartsWith("sig.wav: 10%", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(line);
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        string rest = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the CLI did not exit after SIGINT");
        Assert.True(process.ExitCode == ExitCodes.Cancelled, $"exit {process.ExitCode}: {rest}");
        Assert.DoesNotContain("sig.wav: 100%", rest);
        Assert.Empty(Cli.Listing(outDir));
        await stdout;
    }
}
