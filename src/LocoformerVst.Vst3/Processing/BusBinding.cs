using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Processing;

/// <summary>
/// Maps the host's AudioBusBuffers of one direction onto the plugin's declared buses for each block. Wherever the host
/// gives no channel (bus missing, inactive, fewer channels, a flush with null arrays) a pinned scratch channel stands
/// in, zeroed for inputs, so plugin code can always index every channel of every bus. The buses' channel counts are
/// taken once, at construction (activation): what the host negotiated with setBusArrangements before it. Allocates
/// only in the constructor.
/// </summary>
internal sealed unsafe class BusBinding
{
    private readonly bool _isInput;
    private readonly int[] _channelCount;
    private readonly int[] _firstChannel;
    private readonly nint[] _channels;
    private readonly nint[] _scratch;
    private readonly float[][] _scratchArrays; // keeps the pinned scratch alive

    public BusBinding(IReadOnlyList<AudioBus> buses, int maxBlockSize, bool isInput)
    {
        _isInput = isInput;
        _channelCount = new int[buses.Count];
        _firstChannel = new int[buses.Count];
        int total = 0;
        for (int b = 0; b < buses.Count; b++)
        {
            _channelCount[b] = buses[b].ChannelCount;
            _firstChannel[b] = total;
            total += _channelCount[b];
        }
        _channels = new nint[total];
        _scratch = new nint[total];
        _scratchArrays = new float[total][];
        for (int c = 0; c < total; c++)
        {
            _scratchArrays[c] = GC.AllocateArray<float>(Math.Max(maxBlockSize, 1), pinned: true);
            _scratch[c] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_scratchArrays[c]));
        }
    }

    public int BusCount => _channelCount.Length;

    public ReadOnlySpan<nint> Channels(int bus) => _channels.AsSpan(_firstChannel[bus], _channelCount[bus]);

    // audio thread
    public void Bind(AudioBusBuffers* hostBuses, int hostBusCount, int sampleCount)
    {
        if (hostBuses == null)
            hostBusCount = 0;
        for (int b = 0; b < _channelCount.Length; b++)
        {
            AudioBusBuffers* host = b < hostBusCount ? hostBuses + b : null;
            int hostChannels = host != null && host->ChannelBuffers != null ? host->NumChannels : 0;
            int first = _firstChannel[b];
            int count = _channelCount[b];
            for (int c = 0; c < count; c++)
            {
                nint pointer = c < hostChannels ? (nint)host->ChannelBuffers[c] : 0;
                if (pointer == 0)
                {
                    pointer = _scratch[first + c];
                    if (_isInput)
                        new Span<float>((void*)pointer, sampleCount).Clear();
                }
                _channels[first + c] = pointer;
            }
            if (!_isInput && host != null)
            {
                // We write every output channel, so none is silent by declaration; channels beyond the negotiated
                // count (a host that ignored our arrangement) get silence rather than stale memory.
                host->SilenceFlags = 0;
                for (int c = count; c < hostChannels; c++)
                {
                    if (host->ChannelBuffers[c] != null)
                        new Span<float>(host->ChannelBuffers[c], sampleCount).Clear();
                }
            }
        }
    }
}
