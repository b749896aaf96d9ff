using System.Globalization;

namespace LocoformerVst.Vst3;

/// <summary>
/// A declared parameter with its current value. The processor's instance follows the host's automation (sample by
/// sample through <see cref="ProcessBlock"/>); the controller's instance mirrors it for display. Conversions follow the
/// VST3 rules: continuous plain = Min + n·(Max − Min); discrete step = min(StepCount, ⌊n·(StepCount + 1)⌋).
/// </summary>
public sealed class Parameter
{
    private readonly Func<double, string>? _formatter;
    private readonly ParameterParser? _parser;
    private double _normalized;

    internal Parameter(ParameterSpec spec, int index)
    {
        Validate(spec);
        Index = index;
        Id = spec.Id;
        Title = spec.Title;
        ShortTitle = string.IsNullOrEmpty(spec.ShortTitle) ? spec.Title : spec.ShortTitle;
        Units = spec.Units;
        ValueNames = spec.ValueNames;
        IsBypass = spec.IsBypass;
        IsReadOnly = spec.IsReadOnly && !spec.IsBypass;
        (Min, Max, StepCount) = spec switch
        {
            { IsBypass: true } => (0.0, 1.0, 1),
            { ValueNames: { } names } => (0.0, names.Count - 1.0, names.Count - 1),
            _ => (spec.Min, spec.Max, spec.StepCount),
        };
        Flags = (IsReadOnly ? ParameterFlags.IsReadOnly : (spec.CanAutomate || IsBypass ? ParameterFlags.CanAutomate : 0))
            | (ValueNames is null ? 0 : ParameterFlags.IsList)
            | (spec.IsHidden ? ParameterFlags.IsHidden : 0)
            | (IsBypass ? ParameterFlags.IsBypass : 0);
        _formatter = spec.Formatter;
        _parser = spec.Parser;
        DefaultNormalized = ToNormalized(spec.Default);
        _normalized = DefaultNormalized;
    }

    public uint Id { get; }
    public string Title { get; }
    public string ShortTitle { get; }
    public string Units { get; }
    public double Min { get; }
    public double Max { get; }
    public int StepCount { get; }
    public ParameterFlags Flags { get; }
    public IReadOnlyList<string>? ValueNames { get; }
    public bool IsBypass { get; }
    public bool IsReadOnly { get; }

    /// <summary>Position in the plugin's parameter list (the host's parameter index).</summary>
    public int Index { get; }

    public double DefaultNormalized { get; }

    /// <summary>Current value in [0, 1]; safe to read from any thread. Inside a running plugin the host owns it (the
    /// binding writes it from automation and state); setting it is for tools such as a preset writer.</summary>
    public double NormalizedValue
    {
        get => Volatile.Read(ref _normalized);
        set => Volatile.Write(ref _normalized, Math.Clamp(value, 0.0, 1.0));
    }

    /// <summary>Current value in plain units (for a list: the index).</summary>
    public double Value => ToPlain(NormalizedValue);

    public double ToPlain(double normalized)
    {
        normalized = Math.Clamp(normalized, 0.0, 1.0);
        if (StepCount <= 0)
            return Min + normalized * (Max - Min);
        double step = Math.Min(StepCount, Math.Floor(normalized * (StepCount + 1)));
        return Min + step * (Max - Min) / StepCount;
    }

    public double ToNormalized(double plain)
    {
        double n = Math.Clamp((plain - Min) / (Max - Min), 0.0, 1.0);
        return StepCount <= 0 ? n : Math.Round(n * StepCount) / StepCount;
    }

    /// <summary>Display text of a normalized value (any value in [0, 1] works, as hosts require).</summary>
    public string Format(double normalized)
    {
        double plain = ToPlain(normalized);
        if (_formatter is not null)
            return _formatter(plain);
        if (ValueNames is { } names)
            return names[(int)plain];
        return plain.ToString(StepCount > 0 ? "0.##" : "0.00", CultureInfo.InvariantCulture);
    }

    /// <summary>Normalized value of display text (a list name, or a number with or without the units).</summary>
    public bool TryParse(string text, out double normalized)
    {
        normalized = 0;
        string trimmed = text.Trim();
        if (Units.Length > 0 && trimmed.EndsWith(Units, StringComparison.OrdinalIgnoreCase))
            trimmed = trimmed[..^Units.Length].TrimEnd();
        double plain;
        if (_parser is not null)
        {
            if (!_parser(trimmed, out plain))
                return false;
        }
        else if (ValueNames is { } names && IndexOfName(names, trimmed) is var index and >= 0)
        {
            plain = index;
        }
        else if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out plain))
        {
            return false;
        }
        if (!double.IsFinite(plain))
            return false;
        normalized = ToNormalized(plain);
        return true;
    }

    private static int IndexOfName(IReadOnlyList<string> names, string text)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }

    private static void Validate(ParameterSpec spec)
    {
        string name = $"Parameter {spec.Id} '{spec.Title}'";
        if (spec.Id > int.MaxValue)
            throw new ArgumentException($"{name}: IDs must lie in [0, 2^31); {spec.Id} does not.", nameof(spec));
        if (string.IsNullOrWhiteSpace(spec.Title))
            throw new ArgumentException($"Parameter {spec.Id} needs a non-empty title.", nameof(spec));
        if (spec.ValueNames is { Count: < 2 })
            throw new ArgumentException($"{name}: a list parameter needs at least 2 value names.", nameof(spec));
        if (spec.IsBypass)
            return;
        if (spec.ValueNames is null)
        {
            if (!double.IsFinite(spec.Min) || !double.IsFinite(spec.Max) || spec.Min >= spec.Max)
                throw new ArgumentException($"{name}: needs finite Min < Max; got [{spec.Min}, {spec.Max}].", nameof(spec));
            if (spec.StepCount < 0)
                throw new ArgumentException(
                    $"{name}: StepCount is 0 (continuous) or positive; got {spec.StepCount}.", nameof(spec));
        }
        double min = spec.ValueNames is null ? spec.Min : 0;
        double max = spec.ValueNames is null ? spec.Max : spec.ValueNames.Count - 1;
        if (!(spec.Default >= min && spec.Default <= max))
            throw new ArgumentException($"{name}: default {spec.Default} lies outside [{min}, {max}].", nameof(spec));
    }
}
