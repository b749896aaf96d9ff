using LocoformerVst.Vst3.Processing;

namespace LocoformerVst.Vst3;

/// <summary>
/// One process() call as a plugin sees it: every declared bus as float spans of <see cref="SampleCount"/> samples and
/// the block's parameter points in sample order. A ref struct: it and its spans live only for the call.
/// <para>Sample-accurate parameters without bookkeeping: iterate <see cref="Segments"/>; before each segment the
/// changes at its start are applied to the <see cref="Parameter"/> objects, so reading <c>parameter.Value</c> inside
/// the loop is exact. Points not consumed that way are applied when Process returns.</para>
/// </summary>
public readonly ref struct ProcessBlock
{
    private readonly BlockContext _context;

    internal ProcessBlock(BlockContext context) => _context = context;

    /// <summary>Samples in this block, 0 to <see cref="AudioPluginBase.MaxBlockSize"/> (0 = a parameter flush).</summary>
    public int SampleCount => _context.SampleCount;

    /// <summary>This block's mode (hosts may switch realtime ↔ prefetch per block).</summary>
    public ProcessMode Mode => _context.Mode;

    public int InputBusCount => _context.Inputs.BusCount;
    public int OutputBusCount => _context.Outputs.BusCount;

    public BusBuffers Input(int busIndex) => new(_context.Inputs.Channels(busIndex), _context.SampleCount);
    public BusBuffers Output(int busIndex) => new(_context.Outputs.Channels(busIndex), _context.SampleCount);
    public BusBuffers Input(AudioBus bus) => Input(bus.Index);
    public BusBuffers Output(AudioBus bus) => Output(bus.Index);

    /// <summary>All parameter points of the block, ordered by sample offset (stable for equal offsets).</summary>
    public ReadOnlySpan<ParameterChange> ParameterChanges => _context.Changes;

    /// <summary>The block split at every parameter point; see the type's remarks.</summary>
    public SegmentEnumerator Segments => new(_context);

    /// <summary>Reports a read-only parameter's value to the host (outputParameterChanges), e.g. a meter. False if
    /// the host gave no output queue for it this block.</summary>
    public bool SetOutputParameter(Parameter parameter, double normalizedValue, int sampleOffset = 0) =>
        _context.WriteOutput(parameter, normalizedValue, sampleOffset);

    /// <summary>Walks a block segment by segment, applying parameter points as it goes; allocation-free.</summary>
    public ref struct SegmentEnumerator
    {
        private readonly BlockContext _context;
        private int _start;
        private int _end;
        private bool _begun;

        internal SegmentEnumerator(BlockContext context)
        {
            _context = context;
            _start = 0;
            _end = 0;
            _begun = false;
        }

        public readonly ProcessSegment Current => new(_start, _end - _start);

        public readonly SegmentEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            int next = _begun ? _end : 0;
            _begun = true;
            if (next >= _context.SampleCount)
            {
                _context.ApplyThrough(int.MaxValue);
                return false;
            }
            _start = next;
            _end = _context.ApplyThrough(next);
            return true;
        }
    }
}

/// <summary>A run of samples [Start, Start + Length) of a block during which no parameter changes.</summary>
public readonly record struct ProcessSegment(int Start, int Length);

/// <summary>One bus of a block: a span per channel, each <c>SampleCount</c> long. Input and output spans may alias
/// (in-place hosts): read a sample before writing the same index.</summary>
public readonly unsafe ref struct BusBuffers
{
    private readonly ReadOnlySpan<nint> _channels;
    private readonly int _length;

    internal BusBuffers(ReadOnlySpan<nint> channels, int length)
    {
        _channels = channels;
        _length = length;
    }

    public int ChannelCount => _channels.Length;

    public Span<float> this[int channel] => new((void*)_channels[channel], _length);
}
