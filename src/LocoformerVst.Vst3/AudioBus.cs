namespace LocoformerVst.Vst3;

/// <summary>One audio bus a plugin declares (main or aux, input or output); the host reads it through getBusInfo and
/// switches it on and off with activateBus.</summary>
public sealed class AudioBus
{
    /// <summary>Most channels one bus may have, declared or negotiated.</summary>
    public const int MaxChannelCount = 32;

    private volatile bool _isActive;

    internal AudioBus(string name, int channelCount, BusType type, BusDirection direction, int index)
    {
        Name = name;
        DeclaredChannelCount = channelCount;
        ChannelCount = channelCount;
        Type = type;
        Direction = direction;
        Index = index;
        _isActive = IsDefaultActive;
    }

    public string Name { get; }

    /// <summary>Channels now: the declared count until the host's setBusArrangements request is accepted (see
    /// <see cref="AudioPluginBase.AcceptBusArrangements"/>). Changes only while the plugin is inactive, so it is fixed
    /// from <see cref="AudioPluginBase.Activate"/> to deactivation; <see cref="BusBuffers.ChannelCount"/> always
    /// matches it.</summary>
    public int ChannelCount { get; internal set; }

    /// <summary>Channels as declared in the constructor; what the default bus arrangement hook accepts.</summary>
    public int DeclaredChannelCount { get; }

    public BusType Type { get; }
    public BusDirection Direction { get; }

    /// <summary>True when <paramref name="channels"/> holds one count per bus, each equal to <paramref name="countOf"/>
    /// of its bus (the declared or the current count). Setup-thread only: it takes a delegate.</summary>
    internal static bool CountsMatch(IReadOnlyList<AudioBus> buses, IReadOnlyList<int> channels, Func<AudioBus, int> countOf)
    {
        if (channels.Count != buses.Count)
            return false;
        for (int i = 0; i < buses.Count; i++)
        {
            if (channels[i] != countOf(buses[i]))
                return false;
        }
        return true;
    }

    /// <summary>Position among the buses of the same direction (the host's bus index).</summary>
    public int Index { get; }

    /// <summary>Main buses start active; aux buses wait until the host activates them.</summary>
    public bool IsDefaultActive => Type == BusType.Main;

    /// <summary>Whether the host has activated this bus. An inactive bus still appears in
    /// <see cref="ProcessBlock"/> (backed by scratch memory), so process code never has to branch on it.</summary>
    public bool IsActive
    {
        get => _isActive;
        internal set => _isActive = value;
    }
}
