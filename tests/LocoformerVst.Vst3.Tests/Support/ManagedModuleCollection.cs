namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>Tests that make COM objects of the JIT-compiled binding in this process run one at a time: they share its
/// module entry count and live-object count, which some of them assert.</summary>
[CollectionDefinition(Name)]
public sealed class ManagedModuleCollection
{
    public const string Name = "JIT-compiled binding";
}
