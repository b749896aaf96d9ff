using LocoformerVst.Dsp.Dynamics;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// The final polish of clean and enhance: a gain towards a loudness target, then the soft limiter. The gain is capped
/// so that the limiter never has to take more than <see cref="MaxLimitingDb"/> off the loudest peak (pushing further
/// would trade transients for loudness) and never boosts by more than <see cref="MaxGainDb"/> (so near-silence is not
/// blown up into noise). Clean only limits: it keeps the level of what it keeps.
/// </summary>
public sealed record PolishOptions
{
    /// <summary>Integrated loudness target of enhance, LUFS (the level streaming services normalize music to).</summary>
    public double TargetLufs { get; init; } = -14;

    /// <summary>Output ceiling, linear full scale: no output sample exceeds it.</summary>
    public double Ceiling { get; init; } = 0.95;

    /// <summary>Most gain reduction the limiter may need on the loudest peak, dB.</summary>
    public double MaxLimitingDb { get; init; } = 6;

    /// <summary>Largest boost, dB.</summary>
    public double MaxGainDb { get; init; } = 20;

    /// <summary>The limiter settings: the default look-ahead, release and knee at <see cref="Ceiling"/>.</summary>
    public SoftLimiterOptions Limiter => new() { Ceiling = Ceiling };

    /// <summary>The gain (linear) that brings a signal of <paramref name="loudnessLufs"/> and <paramref name="peak"/> to the target.</summary>
    public double GainFor(double loudnessLufs, double peak)
    {
        if (!double.IsFinite(loudnessLufs) || !(peak > 0))
        {
            return 1; // silence: nothing to normalize
        }

        double db = Math.Min(TargetLufs - loudnessLufs, MaxGainDb);
        double limit = Math.Pow(10, MaxLimitingDb / 20) * Ceiling / peak;
        return Math.Min(Math.Pow(10, db / 20), limit);
    }

    internal void Validate()
    {
        if (!(TargetLufs is >= -70 and <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetLufs), TargetLufs, "loudness target must be in [-70, 0] LUFS");
        }

        if (!(MaxLimitingDb is >= 0 and <= 24) || !(MaxGainDb is >= 0 and <= 60))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLimitingDb), "limiting must be in [0, 24] dB and gain in [0, 60] dB");
        }

        if (!(Ceiling > 0 && Ceiling <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Ceiling), Ceiling, "ceiling must be in (0, 1]");
        }
    }
}
