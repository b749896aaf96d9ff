using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Processing;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Vst3.Tests;

/// <summary>How one host process() call becomes a <see cref="ProcessBlock"/>: parameter points in sample order,
/// segments with exact values, and scratch channels wherever the host gives none.</summary>
public sealed unsafe class ProcessBlockTests : IDisposable
{
    private const int MaxBlock = 64;
    private readonly RecordingPlugin _plugin = new();
    private readonly BlockContext _context;
    private readonly ProcessHarness _harness = new([2], [2], MaxBlock);
    private readonly TestParameterChanges _changes = new(queues: 4, points: 6000);

    public ProcessBlockTests() => _context = new BlockContext(_plugin, MaxBlock);

    public void Dispose()
    {
        _harness.Dispose();
        _changes.Release();
    }

    [Fact]
    public void Segments_split_the_block_at_each_point_and_see_the_values_in_effect()
    {
        _changes.Add(RecordingPlugin.AId, 40, 0.75);
        _changes.Add(RecordingPlugin.BId, 10, 0.5);
        _changes.Add(RecordingPlugin.AId, 0, 0.25);
        _changes.Add(RecordingPlugin.BId, 40, 1.0);

        Assert.Equal(Result.Ok, Run(MaxBlock));
        Assert.Equal([(0, 10, 0.25, 0.0), (10, 30, 0.25, 0.5), (40, 24, 0.75, 1.0)], _plugin.Segments);
        Assert.Equal([0, 10, 40, 40], _plugin.ChangeOffsets); // sorted by offset, stable
    }

    [Fact]
    public void Points_the_plugin_does_not_consume_are_applied_when_process_returns()
    {
        _plugin.IgnoreSegments = true;
        _changes.Add(RecordingPlugin.AId, 5, 0.1);
        _changes.Add(RecordingPlugin.AId, 60, 0.9);
        Assert.Equal(Result.Ok, Run(MaxBlock));
        Assert.Empty(_plugin.Segments);
        Assert.Equal(0.9, _plugin.A.NormalizedValue);
    }

    [Fact]
    public void A_queue_longer_than_the_capacity_still_delivers_its_final_value()
    {
        for (int i = 0; i < BlockContext.ExtraPointCapacity + 500; i++)
            _changes.Add(RecordingPlugin.AId, i % MaxBlock, i % 2 == 0 ? 0.2 : 0.8);
        _changes.Add(RecordingPlugin.BId, 3, 0.6);
        Assert.Equal(Result.Ok, Run(MaxBlock));
        Assert.Equal(0.8, _plugin.A.NormalizedValue); // the queue's last point (an odd index)
        Assert.Equal(0.6, _plugin.B.NormalizedValue);
    }

    [Fact]
    public void Offsets_and_values_outside_the_block_are_clamped_into_it()
    {
        _changes.Add(RecordingPlugin.AId, -5, 0.3);
        _changes.Add(RecordingPlugin.BId, 500, 7.0);
        Assert.Equal(Result.Ok, Run(16));
        Assert.Equal([0, 15], _plugin.ChangeOffsets);
        Assert.Equal(1.0, _plugin.B.NormalizedValue);
    }

    [Fact]
    public void Missing_host_buses_become_silent_inputs_and_writable_outputs()
    {
        ProcessData flush = default;
        flush.SymbolicSampleSize = Vst.SampleSize32;
        flush.NumSamples = 32; // samples, but no bus arrays at all
        Assert.Equal(Result.Ok, _context.Run(&flush));
        Assert.Equal(2, _plugin.InputChannels);
        Assert.Equal(0f, _plugin.InputPeak);
    }

    [Fact]
    public void Blocks_beyond_the_announced_maximum_or_in_64_bit_are_refused()
    {
        Assert.Equal(Result.InvalidArgument, Run(MaxBlock + 1));
        _harness.Data->SymbolicSampleSize = Vst.SampleSize64;
        Assert.Equal(Result.InvalidArgument, Run(MaxBlock));
    }

    private int Run(int samples) =>
        _context.Run(_harness.Prepare(samples, ProcessMode.Offline, _changes.Pointer, null));

    /// <summary>Records what it sees of each block; two parameters A and B.</summary>
    private sealed class RecordingPlugin : AudioPluginBase
    {
        public const uint AId = 100;
        public const uint BId = 200;

        public RecordingPlugin()
        {
            AddAudioInput("In", 2);
            AddAudioOutput("Out", 2);
            A = AddParameter(new ParameterSpec { Id = AId, Title = "A" });
            B = AddParameter(new ParameterSpec { Id = BId, Title = "B" });
        }

        public Parameter A { get; }
        public Parameter B { get; }
        public bool IgnoreSegments { get; set; }
        public List<(int Start, int Length, double A, double B)> Segments { get; } = [];
        public List<int> ChangeOffsets { get; } = [];
        public int InputChannels { get; private set; }
        public float InputPeak { get; private set; }

        public override string Company => "Test";
        public override string Name => "Recording";
        public override Guid ProcessorClassId => new("33333333-3333-3333-3333-333333333333");
        public override Guid ControllerClassId => new("44444444-4444-4444-4444-444444444444");

        public override void Process(ProcessBlock block)
        {
            foreach (ParameterChange change in block.ParameterChanges)
                ChangeOffsets.Add(change.SampleOffset);
            BusBuffers input = block.Input(0);
            InputChannels = input.ChannelCount;
            for (int c = 0; c < input.ChannelCount; c++)
            {
                foreach (float v in input[c])
                    InputPeak = Math.Max(InputPeak, Math.Abs(v));
                block.Output(0)[c].Fill(1f); // writable even when the host gave no buffer
            }
            if (IgnoreSegments)
                return;
            foreach (ProcessSegment segment in block.Segments)
                Segments.Add((segment.Start, segment.Length, A.NormalizedValue, B.NormalizedValue));
        }
    }
}
