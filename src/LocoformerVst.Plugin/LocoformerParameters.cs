using System.Globalization;
using LocoformerVst.Vst3;

namespace LocoformerVst.Plugin;

/// <summary>
/// The plugin's parameter surface (ARCHITECTURE.md "Plugin surface"): IDs are stable forever (hosts store automation
/// and presets by them), list names are what hosts display.
/// </summary>
public static class LocoformerParameters
{
    public const uint Mode = 0;
    public const uint Stem = 1;
    public const uint Model = 2;
    public const uint Latency = 3;
    public const uint Mix = 4;
    public const uint OutputGain = 5;
    public const uint Bypass = 6;

    public const uint Status = 100;
    public const uint RealtimeCapable = 101;
    public const uint RealTimeFactor = 102;
    public const uint LatencyMs = 103;
    public const uint Underruns = 104;
    public const uint Device = 105;

    public static readonly string[] ModeNames = ["Separate", "Clean", "Enhance"];
    public static readonly string[] StemNames = ["Vocals", "Drums", "Bass", "Instruments", "FX", "Instrumental"];
    public static readonly string[] ModelNames = ["2-stem", "5-stem"];
    public static readonly string[] LatencyNames = ["Low", "Balanced", "Quality"];
    public static readonly string[] StatusNames = ["Inactive", "Running", "Running (stand-in model)", "No model found", "Model failed to load"];
    public static readonly string[] DeviceNames = ["None", "CPU", "CUDA", "DirectML", "CoreML"];

    /// <summary>Most underruns the read-only counter shows; it saturates there.</summary>
    public const double MaxUnderruns = 1_000_000;

    /// <summary>Largest real-time factor shown; slower devices show this value.</summary>
    public const double MaxRealTimeFactor = 100;

    /// <summary>Largest latency shown, in milliseconds.</summary>
    public const double MaxLatencyMs = 10_000;

    public static ParameterSpec[] Specs() =>
    [
        new() { Id = Mode, Title = "Mode", ValueNames = ModeNames },
        new() { Id = Stem, Title = "Stem", ValueNames = StemNames },
        // Model and Latency change the latency, which only an activation may do: hosts must not automate them.
        new() { Id = Model, Title = "Model", ValueNames = ModelNames, CanAutomate = false },
        new() { Id = Latency, Title = "Latency", ValueNames = LatencyNames, Default = 1, CanAutomate = false },
        new()
        {
            Id = Mix, Title = "Mix", Units = "%", Min = 0, Max = 100, Default = 100,
            Formatter = v => v.ToString("0", CultureInfo.InvariantCulture),
        },
        new()
        {
            Id = OutputGain, Title = "Output gain", ShortTitle = "Gain", Units = "dB", Min = -24, Max = 12, Default = 0,
            Formatter = v => v.ToString("0.0", CultureInfo.InvariantCulture),
        },
        new() { Id = Bypass, Title = "Bypass", IsBypass = true },
        new() { Id = Status, Title = "Status", ValueNames = StatusNames, IsReadOnly = true },
        new() { Id = RealtimeCapable, Title = "Real-time capable", ValueNames = ["No", "Yes"], IsReadOnly = true },
        new()
        {
            Id = RealTimeFactor, Title = "Real-time factor", ShortTitle = "RTF", Units = "x", Min = 0,
            Max = MaxRealTimeFactor, IsReadOnly = true, Formatter = v => v.ToString("0.00", CultureInfo.InvariantCulture),
        },
        new()
        {
            Id = LatencyMs, Title = "Latency (ms)", ShortTitle = "Latency", Units = "ms", Min = 0, Max = MaxLatencyMs,
            IsReadOnly = true, Formatter = v => v.ToString("0", CultureInfo.InvariantCulture),
        },
        new()
        {
            Id = Underruns, Title = "Underruns", Min = 0, Max = MaxUnderruns, IsReadOnly = true,
            Formatter = v => Math.Round(v).ToString("0", CultureInfo.InvariantCulture),
        },
        new() { Id = Device, Title = "Device", ValueNames = DeviceNames, IsReadOnly = true },
    ];
}
