namespace LocoformerVst.Inference.Tests.Support;

/// <summary>Tests that read the process-wide managed heap: xunit runs this collection after the others, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "managed heap measurements";
}
