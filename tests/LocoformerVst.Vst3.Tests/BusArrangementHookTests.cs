using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Processing;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Vst3.Tests;

/// <summary>
/// The bus arrangement hook as a plugin that takes mono or stereo sees it, driven through the processor's vtables in
/// this process: what the host is told (result, getBusInfo, getBusArrangement), when the plugin is asked, and how many
/// channels each ProcessBlock then carries.
/// </summary>
[Collection(ManagedModuleCollection.Name)]
public sealed unsafe class BusArrangementHookTests : IDisposable
{
    private const ulong Mono = SpeakerArrangement.Mono, Stereo = SpeakerArrangement.Stereo;
    private const int Block = 64;

    private readonly MonoOrStereoPlugin _plugin = new() { Role = PluginRole.Processor };
    private readonly ProcessorComponent _object;
    private readonly ComponentCalls _component;
    private readonly ProcessorCalls _processor;

    public BusArrangementHookTests()
    {
        _object = new ProcessorComponent(_plugin, Tuid.FromGuid(_plugin.ControllerClassId));
        _component = new ComponentCalls(_object.GetInterface(0));
        _processor = new ProcessorCalls(_object.GetInterface(1));
        Assert.Equal(Result.Ok, _component.Initialize(null));
    }

    public void Dispose()
    {
        Assert.Equal(Result.Ok, _component.Terminate());
        Assert.Equal(0u, Unknown.Release(_component.Pointer));
    }

    [Fact]
    public void An_accepted_mono_request_is_reported_back_and_every_block_then_has_one_channel_per_bus()
    {
        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Mono], [Mono, Mono]));
        Assert.Equal(1, _plugin.HookCalls);
        Assert.Equal([1], _plugin.LastInputs);
        Assert.Equal([1, 1], _plugin.LastOutputs);
        AssertBuses(1);
        Assert.Equal(2, _plugin.AudioInputs[0].DeclaredChannelCount);

        Start();
        Assert.Equal(1, _plugin.ChannelsAtActivation);
        using var harness = new ProcessHarness([1], [1, 1], Block);
        Span<float> input = harness.Input(0, 0);
        for (int i = 0; i < Block; i++)
            input[i] = MathF.Sin(0.3f * i);
        Assert.Equal(Result.Ok, _processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null)));
        Assert.Equal((1, 1, 1), _plugin.BlockChannels);
        for (int i = 0; i < Block; i++)
        {
            Assert.Equal(MonoOrStereoPlugin.Gain * input[i], harness.Output(0, 0)[i]);
            Assert.Equal(input[i], harness.Output(1, 0)[i]);
        }

        // Mono blocks cost the binding no allocation either.
        for (int b = 0; b < 8; b++)
            _processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < 200; b++)
            _processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_host_that_hands_a_mono_bus_two_channels_gets_silence_in_the_second()
    {
        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Mono], [Mono, Mono]));
        Start();
        using var harness = new ProcessHarness([2], [2, 2], Block);
        harness.Input(0, 0).Fill(0.25f);
        harness.Input(0, 1).Fill(0.75f);
        harness.Output(0, 1).Fill(float.NaN); // stale host memory
        harness.Output(1, 1).Fill(float.NaN);
        Assert.Equal(Result.Ok, _processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null)));
        Assert.Equal((1, 1, 1), _plugin.BlockChannels);
        Assert.All(harness.Output(0, 0).ToArray(), v => Assert.Equal(MonoOrStereoPlugin.Gain * 0.25f, v));
        Assert.All(harness.Output(0, 1).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(harness.Output(1, 1).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_declined_request_answers_kResultFalse_and_changes_nothing_and_stereo_can_come_back()
    {
        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Mono], [Mono, Mono]));
        Assert.Equal(Result.False, _processor.SetBusArrangements([Mono], [Stereo, Stereo])); // mixed: declined
        Assert.Equal(2, _plugin.HookCalls);
        AssertBuses(1);

        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Stereo], [Stereo, Stereo]));
        AssertBuses(2);
        Start();
        Assert.Equal(2, _plugin.ChannelsAtActivation);
        using var harness = new ProcessHarness([2], [2, 2], Block);
        harness.Input(0, 0).Fill(0.5f);
        harness.Input(0, 1).Fill(-0.5f);
        Assert.Equal(Result.Ok, _processor.Process(harness.Prepare(Block, ProcessMode.Realtime, null, null)));
        Assert.Equal((2, 2, 2), _plugin.BlockChannels);
        Assert.All(harness.Output(0, 1).ToArray(), v => Assert.Equal(MonoOrStereoPlugin.Gain * -0.5f, v));
        Assert.All(harness.Output(1, 1).ToArray(), v => Assert.Equal(-0.5f, v));
    }

    [Fact]
    public void While_active_only_the_current_arrangement_is_confirmed_and_the_plugin_is_not_asked()
    {
        Start();
        Assert.Equal(Result.False, _processor.SetBusArrangements([Mono], [Mono, Mono]));
        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Stereo], [Stereo, Stereo]));
        Assert.Equal(0, _plugin.HookCalls);
        AssertBuses(2);

        Assert.Equal(Result.Ok, _processor.SetProcessing(false));
        Assert.Equal(Result.Ok, _component.SetActive(false));
        Assert.Equal(Result.Ok, _processor.SetBusArrangements([Mono], [Mono, Mono]));
        Assert.Equal(1, _plugin.HookCalls);
        AssertBuses(1);
        Start();
        Assert.Equal(1, _plugin.ChannelsAtActivation); // the next activation sizes for the new count
    }

    [Fact]
    public void Layouts_the_binding_cannot_report_back_are_refused_without_asking_the_plugin()
    {
        const ulong loneLeft = 1, surroundPair = (1UL << 4) | (1UL << 5), thirtyThree = (1UL << 33) - 1;
        foreach (ulong odd in new[] { 0UL, loneLeft, surroundPair, thirtyThree })
            Assert.Equal(Result.False, _processor.SetBusArrangements([odd], [odd, odd]));
        Assert.Equal(Result.False, _processor.SetBusArrangements([], [Mono, Mono]));
        Assert.Equal(Result.False, _processor.SetBusArrangements([Mono], [Mono]));
        Assert.Equal(Result.False, _processor.SetBusArrangements([Mono], [Mono, Mono, Mono]));
        Assert.Equal(0, _plugin.HookCalls);
        AssertBuses(2);

        // n plain channels is a layout the binding can report, so the plugin decides (this one declines three).
        const ulong three = 0b111;
        Assert.Equal(Result.False, _processor.SetBusArrangements([three], [three, three]));
        Assert.Equal(1, _plugin.HookCalls);
        Assert.Equal([3, 3], _plugin.LastOutputs);
        AssertBuses(2);
    }

    private void Start()
    {
        Assert.Equal(Result.Ok, _processor.SetupProcessing(ProcessMode.Realtime, Block, 48000));
        Assert.Equal(Result.Ok, _component.ActivateBus((int)BusDirection.Output, 1, true));
        Assert.Equal(Result.Ok, _component.SetActive(true));
        Assert.Equal(Result.Ok, _processor.SetProcessing(true));
    }

    private void AssertBuses(int channels)
    {
        foreach (BusDirection direction in new[] { BusDirection.Input, BusDirection.Output })
        {
            int count = _component.GetBusCount(Vst.MediaTypeAudio, (int)direction);
            for (int bus = 0; bus < count; bus++)
            {
                Assert.Equal(Result.Ok, _processor.GetBusArrangement((int)direction, bus, out ulong arrangement));
                Assert.Equal(channels == 1 ? Mono : Stereo, arrangement);
                Assert.Equal(Result.Ok, _component.GetBusInfo((int)direction, bus, out BusInfo info));
                Assert.Equal(channels, info.ChannelCount);
            }
        }
    }

    /// <summary>Stereo by declaration, mono on request (all buses alike): main out = <see cref="Gain"/> × input,
    /// aux out = input. Records what the hook was asked and what each block carried.</summary>
    private sealed class MonoOrStereoPlugin : AudioPluginBase
    {
        public const float Gain = 0.5f;
        private readonly AudioBus _in, _out, _aux;

        public MonoOrStereoPlugin()
        {
            _in = AddAudioInput("In", 2);
            _out = AddAudioOutput("Out", 2);
            _aux = AddAudioOutput("Aux", 2, BusType.Aux);
        }

        public override string Company => "Test";
        public override string Name => "Mono or stereo";
        public override Guid ProcessorClassId => new("55555555-5555-5555-5555-555555555555");
        public override Guid ControllerClassId => new("66666666-6666-6666-6666-666666666666");

        public int HookCalls { get; private set; }
        public int[] LastInputs { get; private set; } = [];
        public int[] LastOutputs { get; private set; } = [];
        public int ChannelsAtActivation { get; private set; }
        public (int In, int Out, int Aux) BlockChannels { get; private set; }

        protected internal override bool AcceptBusArrangements(IReadOnlyList<int> inputChannels, IReadOnlyList<int> outputChannels)
        {
            HookCalls++;
            LastInputs = [.. inputChannels];
            LastOutputs = [.. outputChannels];
            return inputChannels[0] is 1 or 2 && outputChannels.All(n => n == inputChannels[0]);
        }

        protected internal override void Activate() => ChannelsAtActivation = _in.ChannelCount;

        public override void Process(ProcessBlock block)
        {
            BusBuffers input = block.Input(_in), output = block.Output(_out), aux = block.Output(_aux);
            BlockChannels = (input.ChannelCount, output.ChannelCount, aux.ChannelCount);
            for (int c = 0; c < input.ChannelCount; c++)
            {
                Span<float> x = input[c], y = output[c], z = aux[c];
                for (int i = 0; i < x.Length; i++)
                {
                    float v = x[i];
                    z[i] = v;
                    y[i] = Gain * v;
                }
            }
        }
    }
}
