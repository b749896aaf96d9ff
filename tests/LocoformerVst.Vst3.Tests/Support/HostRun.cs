using System.Globalization;
using System.Text.RegularExpressions;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>What one vst3host run printed, parsed: lines are `kind key=value ...` or `kind value`.</summary>
public sealed partial class HostRun(ProcessRunner.Output output)
{
    public int ExitCode => output.ExitCode;
    public IReadOnlyList<string> Lines { get; } =
        output.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => output.ToString();

    public HostRun AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"vst3host failed:\n{this}");
        return this;
    }

    /// <summary>The key=value fields of every line starting with <paramref name="kind"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Records(string kind) =>
        Lines.Where(line => line.StartsWith(kind + " ", StringComparison.Ordinal))
            .Select(line => (IReadOnlyDictionary<string, string>)Fields().Matches(line[(kind.Length + 1)..])
                .ToDictionary(m => m.Groups["key"].Value, m => Unquote(m.Groups["value"].Value)))
            .ToList();

    public IReadOnlyDictionary<string, string> Single(string kind)
    {
        var records = Records(kind);
        Assert.True(records.Count == 1, $"expected one '{kind}' line:\n{this}");
        return records[0];
    }

    /// <summary>Values of `kind N` lines (e.g. every "latency" the host read), in order.</summary>
    public IReadOnlyList<long> Numbers(string kind) =>
        Lines.Where(line => line.StartsWith(kind + " ", StringComparison.Ordinal) && !line.Contains('='))
            .Select(line => long.Parse(line[(kind.Length + 1)..], CultureInfo.InvariantCulture))
            .ToList();

    public IReadOnlyDictionary<string, string> Parameter(uint id) =>
        Records("param").Single(p => p["id"] == id.ToString(CultureInfo.InvariantCulture));

    public double OutputParameter(uint id) => double.Parse(
        Records("output-param").Single(p => p["id"] == id.ToString(CultureInfo.InvariantCulture))["value"],
        CultureInfo.InvariantCulture);

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"'
            ? Regex.Replace(value[1..^1], @"\\(.)", "$1")
            : value;

    [GeneratedRegex("""(?<key>[\w-]+)=(?<value>"(?:[^"\\]|\\.)*"|\S+)""")]
    private static partial Regex Fields();
}
