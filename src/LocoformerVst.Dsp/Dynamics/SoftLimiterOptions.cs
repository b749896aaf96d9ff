namespace LocoformerVst.Dsp.Dynamics;

/// <summary>Settings of a <see cref="SoftLimiter"/>; the defaults suit a final safety limiter on separated stems.</summary>
public sealed record SoftLimiterOptions
{
    /// <summary>Absolute ceiling (linear full scale); no output sample exceeds it.</summary>
    public double Ceiling { get; init; } = 0.95;

    /// <summary>Look-ahead, ms: gain reduction ramps in linearly over this window before a peak; also the latency.</summary>
    public double LookAheadMs { get; init; } = 2.0;

    /// <summary>Exponential release time constant, ms.</summary>
    public double ReleaseMs { get; init; } = 80.0;

    /// <summary>Width of the soft knee centred on the ceiling, dB: reduction starts at Ceiling - Knee/2 (0 = hard knee).</summary>
    public double KneeDb { get; init; } = 3.0;

    internal void Validate()
    {
        if (!(Ceiling > 0 && Ceiling <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Ceiling), Ceiling, "ceiling must be in (0, 1]");
        }

        if (!(LookAheadMs > 0 && LookAheadMs <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(LookAheadMs), LookAheadMs, "look-ahead must be in (0, 100] ms");
        }

        if (!(ReleaseMs > 0 && ReleaseMs <= 10_000))
        {
            throw new ArgumentOutOfRangeException(nameof(ReleaseMs), ReleaseMs, "release must be in (0, 10000] ms");
        }

        if (!(KneeDb >= 0 && KneeDb <= 24))
        {
            throw new ArgumentOutOfRangeException(nameof(KneeDb), KneeDb, "knee must be in [0, 24] dB");
        }
    }
}
