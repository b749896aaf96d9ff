using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Processing;

/// <summary>
/// The state behind one <see cref="ProcessBlock"/>: bound bus channels, the host's parameter points sorted by sample
/// offset, and how many of them have been applied. Created at setActive(true) with everything preallocated; one
/// process() call reuses it without allocating.
/// </summary>
internal sealed unsafe class BlockContext
{
    /// <summary>Points kept per block beyond one per parameter; a queue that does not fit keeps its last point.</summary>
    internal const int ExtraPointCapacity = 4096;

    private readonly AudioPluginBase _plugin;
    private readonly BusBinding _inputs;
    private readonly BusBinding _outputs;
    private readonly ParameterChange[] _changes;
    private int _changeCount;
    private int _applied;
    private ParameterChangesRef _outputChanges;

    public BlockContext(AudioPluginBase plugin, int maxBlockSize)
    {
        _plugin = plugin;
        MaxBlockSize = maxBlockSize;
        _inputs = new BusBinding(plugin.AudioInputs, maxBlockSize, isInput: true);
        _outputs = new BusBinding(plugin.AudioOutputs, maxBlockSize, isInput: false);
        _changes = new ParameterChange[plugin.Parameters.Count + ExtraPointCapacity];
    }

    public int MaxBlockSize { get; }
    public int SampleCount { get; private set; }
    public ProcessMode Mode { get; private set; }
    public BusBinding Inputs => _inputs;
    public BusBinding Outputs => _outputs;
    public ReadOnlySpan<ParameterChange> Changes => _changes.AsSpan(0, _changeCount);

    // audio thread
    public int Run(ProcessData* data)
    {
        if (data->SymbolicSampleSize != Vst.SampleSize32)
            return Result.InvalidArgument;
        int sampleCount = data->NumSamples;
        if (sampleCount < 0 || sampleCount > MaxBlockSize)
            return Result.InvalidArgument;

        SampleCount = sampleCount;
        Mode = data->ProcessMode is >= 0 and <= 2 ? (ProcessMode)data->ProcessMode : ProcessMode.Realtime;
        _inputs.Bind(data->Inputs, data->NumInputs, sampleCount);
        _outputs.Bind(data->Outputs, data->NumOutputs, sampleCount);
        ReadChanges(new ParameterChangesRef(data->InputParameterChanges), sampleCount);
        _outputChanges = new ParameterChangesRef(data->OutputParameterChanges);

        _plugin.Process(new ProcessBlock(this));

        ApplyThrough(int.MaxValue);
        _outputChanges = default;
        return Result.Ok;
    }

    /// <summary>Applies every point at or before <paramref name="offset"/>; returns the next point's offset or the
    /// block length.</summary>
    // audio thread
    public int ApplyThrough(int offset)
    {
        while (_applied < _changeCount && _changes[_applied].SampleOffset <= offset)
        {
            ref readonly ParameterChange change = ref _changes[_applied];
            change.Parameter.NormalizedValue = change.NormalizedValue;
            _applied++;
        }
        return _applied < _changeCount ? _changes[_applied].SampleOffset : SampleCount;
    }

    // audio thread
    public bool WriteOutput(Parameter parameter, double normalized, int sampleOffset)
    {
        normalized = Math.Clamp(normalized, 0.0, 1.0);
        parameter.NormalizedValue = normalized;
        if (_outputChanges.IsNull)
            return false;
        ParamValueQueueRef queue = _outputChanges.AddQueue(parameter.Id, out _);
        return !queue.IsNull && queue.AddPoint(Math.Clamp(sampleOffset, 0, Math.Max(SampleCount - 1, 0)),
            normalized, out _) == Result.Ok;
    }

    // audio thread
    private void ReadChanges(ParameterChangesRef host, int sampleCount)
    {
        _changeCount = 0;
        _applied = 0;
        if (host.IsNull)
            return;
        int lastOffset = Math.Max(sampleCount - 1, 0);
        int queueCount = host.Count;
        for (int q = 0; q < queueCount; q++)
        {
            ParamValueQueueRef queue = host.GetQueue(q);
            if (queue.IsNull || !_plugin.TryGetParameter(queue.ParameterId, out Parameter? parameter))
                continue;
            int points = queue.PointCount;
            // Room left after reserving one slot for every queue still to come.
            int room = _changes.Length - _changeCount - (queueCount - q - 1);
            if (points <= 0 || room <= 0)
                continue;
            int first = points <= room ? 0 : points - 1;
            for (int p = first; p < points; p++)
            {
                if (queue.GetPoint(p, out int offset, out double value) != Result.Ok || !double.IsFinite(value))
                    continue;
                Insert(new ParameterChange(parameter, Math.Clamp(offset, 0, lastOffset), Math.Clamp(value, 0.0, 1.0)));
            }
        }
    }

    // Insertion keeps equal offsets in arrival order, so a queue's later point wins; blocks carry few points.
    private void Insert(ParameterChange change)
    {
        int i = _changeCount++;
        while (i > 0 && _changes[i - 1].SampleOffset > change.SampleOffset)
        {
            _changes[i] = _changes[i - 1];
            i--;
        }
        _changes[i] = change;
    }
}
