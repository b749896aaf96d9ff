using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>One plugin instance (the test plugin unless another processor class is named) created through a module's
/// factory the way a host does: component (with its processor interface) and controller, both initialized without a
/// host context. Dispose terminates and releases everything, asserting that each final Release reports zero references.</summary>
public sealed unsafe class PluginInstance : IDisposable
{
    public static readonly Tuid ProcessorCid = Tuid.FromGuid(new Guid("B77A1A28-7990-4488-B247-B35518DF3E78"));

    public PluginInstance(Vst3Module module) : this(module, ProcessorCid)
    {
    }

    public PluginInstance(Vst3Module module, Tuid processorCid)
    {
        Factory = new FactoryCalls(module.GetFactory());
        Assert.Equal(Result.Ok, Factory.CreateInstance(processorCid, Iids.Component, out void* component));
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

    /// <summary>setupProcessing → activate every audio bus the component declares → setActive(true) → setProcessing(true).</summary>
    public void Start(ProcessMode mode, int maxBlock, double sampleRate)
    {
        Assert.Equal(Result.Ok, Processor.SetupProcessing(mode, maxBlock, sampleRate));
        foreach (BusDirection direction in new[] { BusDirection.Input, BusDirection.Output })
        {
            int buses = Component.GetBusCount(Vst.MediaTypeAudio, (int)direction);
            for (int bus = 0; bus < buses; bus++)
                Assert.Equal(Result.Ok, Component.ActivateBus((int)direction, bus, true));
        }
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
