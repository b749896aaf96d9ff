using System.Text.Json;

namespace LocoformerVst.Cli.Tests;

/// <summary>
/// `locoformer eval` and the Python evaluator (models/training/eval.py) score the same files the same way: the
/// fixture tests/fixtures/eval was written by models/training/make_eval_fixture.py together with Python's numbers.
/// </summary>
public sealed class EvalAgreementTests
{
    private static string EvalSet => Path.Combine(AppContext.BaseDirectory, "fixtures", "eval");

    public static TheoryData<string> Tracks()
    {
        using JsonDocument set = JsonDocument.Parse(File.ReadAllText(Path.Combine(EvalSet, "set.json")));
        var data = new TheoryData<string>();
        foreach (JsonElement track in set.RootElement.GetProperty("tracks").EnumerateArray()) data.Add(track.GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tracks))]
    public void Csharp_and_python_evaluators_agree_on_usdr_and_framewise_sdr_within_a_thousandth_of_a_dB(string track)
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(EvalSet, "expected.json")));
        JsonElement python = expected.RootElement.GetProperty("systems").GetProperty("estimate").GetProperty("tracks").GetProperty(track);

        (int exit, RecordingConsole console) = Cli.Run("eval",
            Path.Combine(EvalSet, track, "estimate"), Path.Combine(EvalSet, track, "reference"), "--json");

        Assert.Equal(0, exit);
        JsonElement report = Cli.Json(console.Stdout);
        int compared = 0;
        foreach (JsonElement item in report.GetProperty("stems").EnumerateArray())
        {
            string stem = item.GetProperty("stem").GetString()!;
            JsonElement reference = python.GetProperty(stem);
            Assert.Equal(reference.GetProperty("usdr").GetDouble(), item.GetProperty("usdr").GetDouble(), 1e-3);
            Assert.Equal(reference.GetProperty("csdr").GetDouble(), item.GetProperty("framewiseSdrMedian").GetDouble(), 1e-3);
            compared++;
        }

        Assert.Equal(python.EnumerateObject().Count(), compared);
    }
}
