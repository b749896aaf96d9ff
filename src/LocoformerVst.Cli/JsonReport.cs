using System.Text.Json;
using System.Text.Json.Nodes;
using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli;

/// <summary>
/// The JSON shapes of --json output. Numbers that are not finite (the dB level of silence, an SNR that could not be
/// estimated) are written as null, since JSON has no infinity.
/// </summary>
internal static class JsonReport
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static JsonNode? Number(double? value) => value is double v ? Number(v) : null;

    public static void Write(TextWriter writer, JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(json);
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static JsonObject Error(string command, int exitCode, string message) => new()
    {
        ["command"] = command,
        ["exitCode"] = exitCode,
        ["error"] = message,
    };

    public static JsonObject Stats(SignalStats s) => new()
    {
        ["peak"] = Number(s.Peak),
        ["peakDbfs"] = Number(s.PeakDbfs),
        ["rmsDbfs"] = Number(s.RmsDbfs),
        ["crestFactorDb"] = Number(s.CrestFactorDb),
        ["loudnessLufs"] = Number(s.LoudnessLufs),
        ["estimatedSnrDb"] = Number(s.EstimatedSnrDb),
    };

    public static JsonObject Result(OfflineResult r) => new()
    {
        ["input"] = r.InputPath,
        ["status"] = "ok",
        ["exitCode"] = ExitCodes.Ok,
        ["audio"] = new JsonObject
        {
            ["container"] = r.Input.Container,
            ["sampleRate"] = r.Input.SampleRate,
            ["channels"] = r.Input.Channels,
            ["frames"] = r.Input.Frames,
            ["seconds"] = Number(r.Input.Duration.TotalSeconds),
        },
        ["model"] = r.Model,
        ["chunk"] = new JsonObject
        {
            ["leftContext"] = r.Plan.LeftContext,
            ["frames"] = r.Plan.NewFrames,
            ["rightContext"] = r.Plan.RightContext,
        },
        ["preset"] = r.Preset,
        ["outputs"] = new JsonArray([.. r.Outputs.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["path"] = o.Path,
            ["kind"] = o.Kind == OfflineOutputKind.Audio ? "audio" : "spectrogram",
            ["stats"] = o.Stats is null ? null : Stats(o.Stats),
        })]),
        ["quality"] = new JsonObject
        {
            ["input"] = Stats(r.Quality.Input),
            ["output"] = r.Quality.Output is null ? null : Stats(r.Quality.Output),
            ["loudnessChangeDb"] = Number(r.Quality.LoudnessChangeDb),
            ["estimatedSnrChangeDb"] = Number(r.Quality.EstimatedSnrChangeDb),
            ["polishGainDb"] = Number(r.Quality.PolishGainDb),
            ["snrMethod"] = "blind: 90th minus 10th percentile of 50 ms frame levels (noise floor = quietest tenth)",
            ["loudnessMethod"] = "ITU-R BS.1770-4 integrated loudness (K-weighted, gated)",
        },
        ["chunks"] = r.Chunks,
        ["nonFiniteSamples"] = r.NonFiniteSamples,
        ["elapsedSeconds"] = Number(r.Elapsed.TotalSeconds),
        ["realTimeFactor"] = Number(r.RealTimeFactor),
    };

    public static JsonObject Device(ExecutionDevice d) => new()
    {
        ["provider"] = d.Provider.ToString(),
        ["name"] = d.DeviceName,
        ["tier"] = d.Tier.ToString(),
        ["measuredGflops"] = Number(d.MeasuredGflops),
        ["threads"] = d.Threads,
        ["fallbackReason"] = d.FallbackReason,
    };
}
