namespace LocoformerVst.Inference.Devices;

/// <summary>
/// Coarse capability class of a device, from the fp32 MatMul throughput <see cref="ThroughputProbe"/> measures; it
/// picks default models and latency modes. Thresholds (<see cref="FromGflops"/>) are set against the models' costs:
/// lite needs ~25 GFLOP per second of audio, medium ~4 TFLOP, and real models reach a fraction of MatMul peak.
/// </summary>
public enum DeviceTier
{
    /// <summary>Not measured.</summary>
    Unknown,

    /// <summary>Below <see cref="DeviceTiers.MidGflops"/>: lite may not keep up in real time; offline rendering only.</summary>
    Low,

    /// <summary>At least <see cref="DeviceTiers.MidGflops"/>: lite in real time.</summary>
    Mid,

    /// <summary>At least <see cref="DeviceTiers.HighGflops"/> (GPU class): the full-band medium model is usable.</summary>
    High,
}

/// <summary>The throughput thresholds behind <see cref="DeviceTier"/>.</summary>
public static class DeviceTiers
{
    /// <summary>
    /// MatMul GFLOP/s from which lite runs in real time with margin. Measured on a 2-core AVX-512 Xeon, 1 thread: probe
    /// 170 GFLOP/s, lite (24 GFLOP per second of audio) achieved 46 GFLOP/s = 27 % of it, real-time factor 0.52 for
    /// 64-frame chunks; at 150 GFLOP/s the same efficiency gives a real-time factor of about 0.6.
    /// </summary>
    public const double MidGflops = 150;

    /// <summary>
    /// MatMul GFLOP/s from which the full-band medium model (~4 TFLOP per second of audio) approaches real time,
    /// assuming a GPU reaches ~50 % of its MatMul rate on it (an estimate: no GPU was available to measure).
    /// </summary>
    public const double HighGflops = 8000;

    public static DeviceTier FromGflops(double gflops) =>
        !double.IsFinite(gflops) || gflops <= 0 ? DeviceTier.Unknown
        : gflops >= HighGflops ? DeviceTier.High
        : gflops >= MidGflops ? DeviceTier.Mid
        : DeviceTier.Low;
}
