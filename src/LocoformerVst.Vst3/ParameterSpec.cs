namespace LocoformerVst.Vst3;

/// <summary>Parses display text into a plain (unnormalized) value; false if the text is not a value.</summary>
public delegate bool ParameterParser(string text, out double plainValue);

/// <summary>What a plugin declares about one parameter: identity, plain range, steps and how to show it. Values are in
/// plain units here (dB, samples, list index); the host only ever sees the normalized [0, 1] form.</summary>
public sealed record ParameterSpec
{
    /// <summary>Unique, stable ID in [0, 2^31): hosts store automation and presets by it.</summary>
    public required uint Id { get; init; }
    public required string Title { get; init; }

    /// <summary>Short title for narrow displays; the title if not set.</summary>
    public string? ShortTitle { get; init; }
    public string Units { get; init; } = "";

    public double Min { get; init; }
    public double Max { get; init; } = 1;
    public double Default { get; init; }

    /// <summary>0 = continuous; n = n+1 discrete values spread evenly over [Min, Max].</summary>
    public int StepCount { get; init; }

    /// <summary>Makes a list parameter: plain value = index into these names (Min 0, Max n-1, StepCount n-1).</summary>
    public IReadOnlyList<string>? ValueNames { get; init; }

    /// <summary>Host may automate it (ignored for read-only parameters, which hosts must not write).</summary>
    public bool CanAutomate { get; init; } = true;

    /// <summary>Written by the processor (output parameter changes), shown by the host, never set by it.</summary>
    public bool IsReadOnly { get; init; }
    public bool IsHidden { get; init; }

    /// <summary>The plugin's one bypass switch (forced to a 2-step, automatable 0/1 parameter).</summary>
    public bool IsBypass { get; init; }

    /// <summary>Plain value to display text (without units); a number format or the list name if not set.</summary>
    public Func<double, string>? Formatter { get; init; }

    /// <summary>Display text to plain value; number parsing (or list names) if not set.</summary>
    public ParameterParser? Parser { get; init; }
}
