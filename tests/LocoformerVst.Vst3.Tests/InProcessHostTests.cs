using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;
using LocoformerVst.Vst3.TestPlugin;

namespace LocoformerVst.Vst3.Tests;

/// <summary>
/// A C#-written host calling the module through its exports and vtables only (function pointers, slot numbers), run
/// against the NativeAOT .so (<see cref="NativeModuleHostTests"/>) and against the JIT-compiled binding
/// (<see cref="ManagedModuleHostTests"/>).
/// </summary>
public abstract unsafe class InProcessHostTests(Vst3Module module)
{
    private const int Block = 256;

    protected Vst3Module Module { get; } = module;

    [Fact]
    public void Module_entry_and_exit_are_reference_counted_and_may_repeat()
    {
        Assert.Equal(1, Module.Entry(null));
        Assert.Equal(1, Module.Entry(null));
        Assert.Equal(1, Module.Exit());
        Assert.Equal(1, Module.Exit());
        Assert.Equal(0, Module.Exit()); // one exit more than entries is refused

        // A NativeAOT module is never unloaded: after its last exit it must work as if fresh.
        Assert.Equal(1, Module.Entry(null));
        var factory = new FactoryCalls(Module.GetFactory());
        Assert.Equal(2, factory.CountClasses());
        Assert.Equal(0u, Unknown.Release(factory.Pointer));
        Assert.Equal(1, Module.Exit());
    }

    [Fact]
    public void Factory_is_one_object_answering_all_three_factory_interfaces()
    {
        void* factory = Module.GetFactory();
        void* again = Module.GetFactory();
        Assert.True(factory == again, "GetPluginFactory must hand out the same factory while it is referenced");
        foreach (Tuid iid in new[] { Iids.FUnknown, Iids.PluginFactory, Iids.PluginFactory2, Iids.PluginFactory3 })
        {
            Assert.Equal(Result.Ok, Unknown.QueryInterface(factory, iid, out void* answer));
            Assert.True(answer == factory);
            Unknown.Release(answer);
        }
        Assert.Equal(1u, Unknown.Release(again));
        Assert.Equal(0u, Unknown.Release(factory));
    }

    [Fact]
    public void Unknown_interfaces_and_classes_get_kNoInterface_and_a_null_pointer()
    {
        int live = Module.LiveObjectCount();
        var factory = new FactoryCalls(Module.GetFactory());
        var unknown = Tuid.FromWords(0x01234567, 0x89ABCDEF, 0x01234567, 0x89ABCDEF);

        Assert.Equal(Result.NoInterface, Unknown.QueryInterface(factory.Pointer, Iids.Component, out void* none));
        Assert.True(none == null);
        Assert.Equal(Result.NoInterface, factory.CreateInstance(unknown, Iids.Component, out void* noClass));
        Assert.True(noClass == null);
        // A known class asked for an interface it lacks: refused, and the object made for the attempt is gone.
        Assert.Equal(Result.NoInterface, factory.CreateInstance(PluginInstance.ProcessorCid, Iids.EditController, out void* noIface));
        Assert.True(noIface == null);

        Assert.Equal(0u, Unknown.Release(factory.Pointer));
        Assert.Equal(live, Module.LiveObjectCount());
    }

    [Fact]
    public void Component_answers_each_supported_interface_with_its_own_pointer_and_one_identity()
    {
        int live = Module.LiveObjectCount();
        using (var plugin = new PluginInstance(Module))
        {
            void* component = plugin.Component.Pointer;
            void* processor = plugin.Processor.Pointer;
            Assert.True(component != processor, "IComponent and IAudioProcessor need distinct vtables");

            void* identity = Query(component, Iids.FUnknown);
            Assert.True(identity == Query(processor, Iids.FUnknown), "one COM identity from every interface");
            Assert.True(Query(processor, Iids.Component) == component);
            Assert.True(Query(component, Iids.PluginBase) == component);

            // Each pointer really is the interface: call a method through it.
            Assert.Equal(2, new ComponentCalls(Query(processor, Iids.Component)).GetBusCount(Vst.MediaTypeAudio, (int)BusDirection.Output));
            Assert.Equal(Result.Ok, new ProcessorCalls(Query(component, Iids.AudioProcessor)).CanProcessSampleSize(Vst.SampleSize32));
            void* connection = Query(component, Iids.ConnectionPoint);
            Assert.Equal(Result.InvalidArgument, ((delegate* unmanaged<void*, void*, int>)Unknown.Vtable(connection)[5])(connection, null));
            void* requirements = Query(component, Iids.ProcessContextRequirements);
            Assert.Equal(0u, ((delegate* unmanaged<void*, uint>)Unknown.Vtable(requirements)[3])(requirements));
            void* presentation = Query(component, Iids.AudioPresentationLatency);
            Assert.Equal(Result.Ok, ((delegate* unmanaged<void*, int, int, uint, int>)Unknown.Vtable(presentation)[3])(presentation, 1, 0, 512));

            Assert.Equal(Result.NoInterface, Unknown.QueryInterface(component, Iids.EditController, out void* notController));
            Assert.True(notController == null);
            Assert.Equal(Result.NoInterface, Unknown.QueryInterface(processor, Iids.UnitInfo, out void* notUnits));
            Assert.True(notUnits == null);
        }
        Assert.Equal(live, Module.LiveObjectCount());
    }

    [Fact]
    public void AddRef_and_Release_count_references_and_the_last_Release_frees_the_object()
    {
        int live = Module.LiveObjectCount();
        var factory = new FactoryCalls(Module.GetFactory());
        Assert.Equal(Result.Ok, factory.CreateInstance(PluginInstance.ProcessorCid, Iids.Component, out void* component));
        Assert.Equal(live + 2, Module.LiveObjectCount()); // the factory and the component

        Assert.Equal(2u, Unknown.AddRef(component));
        void* processor = Query(component, Iids.AudioProcessor); // QueryInterface + Release: net zero
        Assert.Equal(3u, Unknown.AddRef(processor)); // one object: all its interfaces share one count
        Assert.Equal(2u, Unknown.Release(processor));
        Assert.Equal(1u, Unknown.Release(component));
        Assert.Equal(live + 2, Module.LiveObjectCount());
        Assert.Equal(0u, Unknown.Release(component));
        Assert.Equal(live + 1, Module.LiveObjectCount());
        Assert.Equal(0u, Unknown.Release(factory.Pointer));
        Assert.Equal(live, Module.LiveObjectCount());
    }

    [Fact]
    public void Process_allocates_nothing_in_the_plugin_runtime_while_following_sample_accurate_automation()
    {
        using var plugin = new PluginInstance(Module);
        plugin.Start(ProcessMode.Realtime, Block, 48000);
        Assert.Equal(1000u, plugin.Processor.GetLatencySamples());
        using var harness = new ProcessHarness([2], [2, 2], Block);
        float[][] signal = TestWav.Signal(2, Block);
        for (int c = 0; c < 2; c++)
            signal[c].CopyTo(harness.Input(0, c));
        var input = new TestParameterChanges();
        var output = new TestParameterChanges();

        int failures = 0;
        void RunBlock(int index)
        {
            input.Clear();
            output.Clear();
            input.Add(GainDelayPlugin.GainId, index * 37 % Block, 0.5 + 0.01 * (index % 10));
            input.Add(GainDelayPlugin.GainId, Block - 1, 0.5);
            input.Add(GainDelayPlugin.BypassId, index * 11 % Block, 0);
            if (plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Realtime, input.Pointer, output.Pointer)) != Result.Ok)
                failures++;
        }

        for (int i = 0; i < 32; i++)
            RunBlock(i); // warm-up: first-call paths (JIT tiers, static constructors) are not the steady state
        long before = Module.AllocatedBytesOnThisThread();
        for (int i = 0; i < 500; i++)
            RunBlock(i);
        long allocated = Module.AllocatedBytesOnThisThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        // The blocks did real work: the output is the input delayed by the 1000-sample latency (1000 = 1024 - 24, and
        // the input repeats every 256 samples), split between main (gain) and residual (the rest).
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < Block; i++)
                Assert.Equal(signal[c][(i + 24) % Block], harness.Output(0, c)[i] + harness.Output(1, c)[i], 6);
        }
        Assert.Contains(harness.Output(0, 0).ToArray(), v => v != 0);
        Assert.InRange(output.Last(GainDelayPlugin.PeakId) ?? -1, 0.05, 1.0);
        Assert.Equal(0.0, output.Last(GainDelayPlugin.ModeId)); // realtime
        input.Release();
        output.Release();
    }

    [Fact]
    public void A_flush_without_buffers_applies_bypass_and_the_saved_state_carries_it_to_the_controller()
    {
        using var plugin = new PluginInstance(Module);
        plugin.Start(ProcessMode.Realtime, Block, 44100);
        var changes = new TestParameterChanges();
        changes.Add(GainDelayPlugin.BypassId, 0, 1.0);
        ProcessData flush = default; // numSamples 0, no buses at all
        flush.SymbolicSampleSize = Vst.SampleSize32;
        flush.InputParameterChanges = changes.Pointer;
        Assert.Equal(Result.Ok, plugin.Processor.Process(&flush));

        var state = new TestStream();
        Assert.Equal(Result.Ok, plugin.Component.GetState(state.Pointer));
        Assert.Equal(0.0, plugin.Controller.GetParamNormalized(GainDelayPlugin.BypassId));
        state.Rewind();
        Assert.Equal(Result.Ok, plugin.Controller.SetComponentState(state.Pointer));
        Assert.Equal(1.0, plugin.Controller.GetParamNormalized(GainDelayPlugin.BypassId));
        changes.Release();
        state.Release();
    }

    [Fact]
    public void A_garbage_state_is_refused_and_leaves_the_plugin_as_it_was()
    {
        using var plugin = new PluginInstance(Module);
        var before = new TestStream();
        Assert.Equal(Result.Ok, plugin.Component.GetState(before.Pointer));

        byte[] garbage = new byte[300];
        new Random(7).NextBytes(garbage);
        var bad = new TestStream(garbage);
        Assert.Equal(Result.False, plugin.Component.SetState(bad.Pointer));
        bad.Rewind();
        Assert.Equal(Result.False, plugin.Controller.SetComponentState(bad.Pointer));

        var after = new TestStream();
        Assert.Equal(Result.Ok, plugin.Component.GetState(after.Pointer));
        Assert.Equal(before.ToArray(), after.ToArray());
        Assert.Equal(2.0 / 3.0, plugin.Controller.GetParamNormalized(GainDelayPlugin.GainId), 12); // 0 dB in [-24, 12]
        before.Release();
        bad.Release();
        after.Release();
    }

    [Fact]
    public void Invalid_state_transitions_are_refused_without_harm()
    {
        using var plugin = new PluginInstance(Module);
        using var harness = new ProcessHarness([2], [2, 2], Block);
        Assert.Equal(Result.NotInitialized, plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null)));
        Assert.Equal(Result.False, plugin.Processor.CanProcessSampleSize(Vst.SampleSize64));
        Assert.Equal(Result.False, plugin.Component.Initialize(null)); // already initialized

        plugin.Start(ProcessMode.Offline, Block, 96000);
        Assert.Equal(Result.Ok, plugin.Component.SetActive(true)); // repeated: no-op
        Assert.Equal(Result.False, plugin.Processor.SetupProcessing(ProcessMode.Realtime, Block, 44100)); // only while inactive
        Assert.Equal(Result.InvalidArgument, plugin.Processor.Process(harness.Prepare(Block + 1, ProcessMode.Offline, null, null)));
        Assert.Equal(Result.Ok, plugin.Processor.Process(harness.Prepare(Block, ProcessMode.Offline, null, null)));

        Assert.Equal(Result.Ok, plugin.Component.SetActive(false));
        Assert.Equal(Result.Ok, plugin.Component.SetActive(false));
        Assert.Equal(Result.Ok, plugin.Component.Terminate());
        Assert.Equal(Result.Ok, plugin.Component.Initialize(null)); // terminate → initialize is a valid cycle
    }

    private static void* Query(void* instance, Tuid iid)
    {
        Assert.Equal(Result.Ok, Unknown.QueryInterface(instance, iid, out void* answer));
        Unknown.Release(answer); // the plugin instance keeps the object alive; tests only compare and call
        return answer;
    }
}

[Collection(BundleCollection.Name)]
public sealed class NativeModuleHostTests(PluginBundleFixture bundle) : InProcessHostTests(NativeModules.Load(bundle.BinaryPath));

[Collection(ManagedModuleCollection.Name)]
public sealed class ManagedModuleHostTests() : InProcessHostTests(Vst3Module.Managed(typeof(GainDelayPlugin)));

/// <summary>One load per process: a NativeAOT library cannot be unloaded, and loading it again returns the same one.</summary>
internal static class NativeModules
{
    private static readonly Lock s_lock = new();
    private static Vst3Module? s_module;

    public static Vst3Module Load(string path)
    {
        lock (s_lock)
            return s_module ??= Vst3Module.LoadNative(path);
    }
}
