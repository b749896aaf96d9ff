using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>The native memory a host hands to process(): ProcessData, bus arrays, channel pointers and planar float
/// buffers, allocated once (so calling process() costs the host nothing).</summary>
public sealed unsafe class ProcessHarness : IDisposable
{
    private readonly int[] _inputChannels;
    private readonly int[] _outputChannels;
    private readonly int _maxBlock;
    private readonly List<nint> _allocations = [];

    public ProcessHarness(int[] inputChannels, int[] outputChannels, int maxBlock)
    {
        _inputChannels = inputChannels;
        _outputChannels = outputChannels;
        _maxBlock = maxBlock;
        Data = Alloc<ProcessData>(1);
        Data->Inputs = Buses(inputChannels);
        Data->Outputs = Buses(outputChannels);
        Data->NumInputs = inputChannels.Length;
        Data->NumOutputs = outputChannels.Length;
        Data->SymbolicSampleSize = Vst.SampleSize32;
    }

    public ProcessData* Data { get; }

    public Span<float> Input(int bus, int channel) => Channel(Data->Inputs, _inputChannels, bus, channel);
    public Span<float> Output(int bus, int channel) => Channel(Data->Outputs, _outputChannels, bus, channel);

    public ProcessData* Prepare(int sampleCount, ProcessMode mode, void* inputChanges, void* outputChanges)
    {
        Data->NumSamples = sampleCount;
        Data->ProcessMode = (int)mode;
        Data->InputParameterChanges = inputChanges;
        Data->OutputParameterChanges = outputChanges;
        return Data;
    }

    public void Dispose()
    {
        foreach (nint block in _allocations)
            NativeMemory.Free((void*)block);
        _allocations.Clear();
    }

    private Span<float> Channel(AudioBusBuffers* buses, int[] channels, int bus, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, channels[bus]);
        return new Span<float>(buses[bus].ChannelBuffers[channel], _maxBlock);
    }

    private AudioBusBuffers* Buses(int[] channels)
    {
        AudioBusBuffers* buses = Alloc<AudioBusBuffers>(Math.Max(channels.Length, 1));
        for (int b = 0; b < channels.Length; b++)
        {
            buses[b].NumChannels = channels[b];
            buses[b].ChannelBuffers = (void**)Alloc<nint>(channels[b]);
            for (int c = 0; c < channels[b]; c++)
                buses[b].ChannelBuffers[c] = Alloc<float>(_maxBlock);
        }
        return buses;
    }

    private T* Alloc<T>(int count) where T : unmanaged
    {
        var block = (T*)NativeMemory.AllocZeroed((nuint)(count * sizeof(T)));
        _allocations.Add((nint)block);
        return block;
    }
}
