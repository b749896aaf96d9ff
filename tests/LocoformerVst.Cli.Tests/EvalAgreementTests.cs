using System.Globalization;
using System.Text.Json;

namespace LocoformerVst.Cli.Tests;

/// <summary>
/// `locoformer eval` and the Python evaluator (models/training/eval.py) score the same files the same way: the
/// fixture tests/fixtures/eval was written by models/training/make_eval_fixture.py together with Python's numbers.
/// </summary>
public sealed class EvalAgreementTests
{
    private const double ToleranceDb = 1e-3;

    private static string EvalSet => Path.Combine(AppContext.BaseDirectory, "fixtures", "eval");

    private static JsonElement Python
    {
        get
        {
            using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(EvalSet, "expected.json")));
            return expected.RootElement.Clone();
        }
    }

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
        JsonElement python = Python.GetProperty("systems").GetProperty("estimate").GetProperty("tracks").GetProperty(track);

        (int exit, RecordingConsole console) = Cli.Run("eval",
            Path.Combine(EvalSet, track, "estimate"), Path.Combine(EvalSet, track, "reference"), "--json");

        Assert.Equal(0, exit);
        JsonElement report = Cli.Json(console.Stdout);
        int compared = 0;
        foreach (JsonElement item in report.GetProperty("stems").EnumerateArray())
        {
            string stem = item.GetProperty("stem").GetString()!;
            JsonElement reference = python.GetProperty(stem);
            Assert.Equal(reference.GetProperty("usdr").GetDouble(), item.GetProperty("usdr").GetDouble(), ToleranceDb);
            Assert.Equal(reference.GetProperty("csdr").GetDouble(), item.GetProperty("framewiseSdrMedian").GetDouble(), ToleranceDb);
            compared++;
        }

        Assert.Equal(python.EnumerateObject().Count(), compared);
    }

    [Theory]
    [InlineData("estimate")]
    [InlineData("mixture")]
    [InlineData("irm")]
    public void Set_scores_agree_with_python_per_track_and_per_summary_within_a_thousandth_of_a_dB(string system)
    {
        JsonElement python = Python.GetProperty("systems").GetProperty(system);

        JsonElement csharp = ScoreSet().GetProperty("systems").GetProperty(system);

        int compared = 0;
        foreach (JsonProperty track in python.GetProperty("tracks").EnumerateObject())
        {
            foreach (JsonProperty stem in track.Value.EnumerateObject())
            {
                JsonElement mine = csharp.GetProperty("tracks").GetProperty(track.Name).GetProperty(stem.Name);
                compared += CompareScores(stem.Value, mine, $"{system}/{track.Name}/{stem.Name}");
            }
        }

        foreach (JsonProperty stem in python.GetProperty("summary").EnumerateObject())
        {
            JsonElement mine = csharp.GetProperty("summary").GetProperty(stem.Name);
            compared += CompareScores(stem.Value, mine, $"{system}/summary/{stem.Name}");
            Assert.Equal(stem.Value.GetProperty("tracks").GetInt32(), mine.GetProperty("tracks").GetInt32());
        }

        // 2 tracks x 2 stems + 2 summaries, 3 metrics each: nothing was silently skipped.
        Assert.Equal(18, compared);
    }

    [Fact]
    public void Gap_closed_agrees_with_python_within_a_thousandth()
    {
        JsonElement python = Python.GetProperty("gapClosed");

        JsonElement csharp = ScoreSet().GetProperty("gapClosed");

        Assert.Equal(python.EnumerateObject().Select(p => p.Name), csharp.EnumerateObject().Select(p => p.Name));
        foreach (JsonProperty stem in python.EnumerateObject())
        {
            Assert.Equal(stem.Value.GetDouble(), csharp.GetProperty(stem.Name).GetDouble(), 1e-3);
        }
    }

    [Fact]
    public void Set_json_has_the_keys_of_pythons_output_in_the_same_order_so_the_two_files_diff_cleanly()
    {
        Assert.Equal(Shape(Python), Shape(ScoreSet()));
    }

    [Fact]
    public void Set_table_prints_the_model_floor_ceiling_and_gap_closed_of_each_stem()
    {
        JsonElement python = Python;

        (int exit, RecordingConsole console) = Cli.Run("eval", EvalSet);

        Assert.True(exit == 0, console.Stderr);
        foreach (JsonElement stemName in python.GetProperty("stems").EnumerateArray())
        {
            string stem = stemName.GetString()!;
            JsonElement model = python.GetProperty("systems").GetProperty("estimate").GetProperty("summary").GetProperty(stem);
            string F(JsonElement system) => system.GetProperty("summary").GetProperty(stem).GetProperty("usdr").GetDouble().ToString("F2", CultureInfo.InvariantCulture);
            string row = string.Join(" | ",
                "| " + stem,
                F(python.GetProperty("systems").GetProperty("estimate")),
                model.GetProperty("csdr").GetDouble().ToString("F2", CultureInfo.InvariantCulture),
                model.GetProperty("sisdr").GetDouble().ToString("F2", CultureInfo.InvariantCulture),
                F(python.GetProperty("systems").GetProperty("mixture")),
                F(python.GetProperty("systems").GetProperty("irm")),
                (100 * python.GetProperty("gapClosed").GetProperty(stem).GetDouble()).ToString("F0", CultureInfo.InvariantCulture) + " % |");
            Assert.Contains(row, console.Stdout);
        }
    }

    private static JsonElement ScoreSet()
    {
        (int exit, RecordingConsole console) = Cli.Run("eval", EvalSet, "--json");
        Assert.True(exit == 0, console.Stderr);
        return Cli.Json(console.Stdout);
    }

    /// <summary>Compares usdr, csdr and sisdr (null where Python wrote null); returns how many were compared.</summary>
    private static int CompareScores(JsonElement python, JsonElement csharp, string where)
    {
        Assert.True(python.ValueKind == csharp.ValueKind, $"{where}: Python {python.ValueKind}, C# {csharp.ValueKind}");
        if (python.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        int compared = 0;
        foreach (string metric in new[] { "usdr", "csdr", "sisdr" })
        {
            JsonElement expected = python.GetProperty(metric), actual = csharp.GetProperty(metric);
            Assert.True(expected.ValueKind == actual.ValueKind, $"{where}/{metric}: Python {expected}, C# {actual}");
            if (expected.ValueKind == JsonValueKind.Number)
            {
                double difference = Math.Abs(expected.GetDouble() - actual.GetDouble());
                Assert.True(difference <= ToleranceDb, $"{where}/{metric}: Python {expected}, C# {actual}");
            }

            compared++;
        }

        return compared;
    }

    /// <summary>Every key path of a JSON document, in document order.</summary>
    private static List<string> Shape(JsonElement element, string path = "")
    {
        var keys = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in element.EnumerateObject())
            {
                keys.Add(path + "/" + p.Name);
                keys.AddRange(Shape(p.Value, path + "/" + p.Name));
            }
        }

        return keys;
    }
}
