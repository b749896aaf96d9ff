namespace LocoformerVst.Vst3;

/// <summary>One automation point of a block: <see cref="Parameter"/> reaches <see cref="NormalizedValue"/> at
/// <see cref="SampleOffset"/> (VST3 queues describe a piecewise-linear curve through such points).</summary>
public readonly struct ParameterChange(Parameter parameter, int sampleOffset, double normalizedValue)
{
    public Parameter Parameter { get; } = parameter;
    public int SampleOffset { get; } = sampleOffset;
    public double NormalizedValue { get; } = normalizedValue;

    /// <summary>The value in plain units (dB, samples, list index).</summary>
    public double Value => Parameter.ToPlain(NormalizedValue);
}
