using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>One test plugin instance created through a module's factory the way a host does: component (with its
/// processor interface) and controller, both initialized without a host context. Dispose terminates and releases
/// everything, asserting that each final Release reports zero references.</summary>
public sealed unsafe class PluginInstance : IDisposable
{
    public static readonly Tuid ProcessorCid = Tuid.FromGuid(new Guid("B77A1A28-7990-4488-B247-B35518DF3E78"));

    public PluginInstance(Vst3Module module)
    {
        Factory = new FactoryCalls(module.GetFactory());
        Assert.Equal(Result.Ok, Factory.CreateInstance(ProcessorCid, Iids.Component, out void* component));
        Component = new ComponentCalls(component);
        Assert.Equal(Result.Ok, Unknown.QueryInterface(component, Iids.AudioProcessor, out void* processor));
        Processor = new ProcessorCalls(processor);
        Assert.Equal(Result.Ok, Factory.CreateInstance(Component.GetControllerClassId(), Iids.EditController, out void* controller));
        Controller = new ControllerCalls(controller);
        Assert.Equal(Result.Ok, Component.Initialize(null));
        Assert.Equal(Result.Ok, Controller.Initialize(null));
    }

    public FactoryCalls Factory { get; }
    public ComponentCalls Component { get; }
    public ProcessorCalls Processor { get; }
    public ControllerCalls Controller { get; }

    /// <summary>setupProcessing → activate every bus → setActive(true) → setProcessing(true).</summary>
    public void Start(ProcessMode mode, int maxBlock, double sampleRate)
    {
        Assert.Equal(Result.Ok, Processor.SetupProcessing(mode, maxBlock, sampleRate));
        Assert.Equal(Result.Ok, Component.ActivateBus((int)BusDirection.Input, 0, true));
        Assert.Equal(Result.Ok, Component.ActivateBus((int)BusDirection.Output, 0, true));
        Assert.Equal(Result.Ok, Component.ActivateBus((int)BusDirection.Output, 1, true));
        Assert.Equal(Result.Ok, Component.SetActive(true));
        Assert.Equal(Result.Ok, Processor.SetProcessing(true));
    }

    public void Dispose()
    {
        Processor.SetProcessing(false);
        Component.SetActive(false);
        Assert.Equal(Result.Ok, Controller.Terminate());
        Assert.Equal(Result.Ok, Component.Terminate());
        Assert.Equal(0u, Unknown.Release(Controller.Pointer));
        Assert.Equal(1u, Unknown.Release(Processor.Pointer)); // the component's own reference remains
        Assert.Equal(0u, Unknown.Release(Component.Pointer));
        Unknown.Release(Factory.Pointer);
    }
}
