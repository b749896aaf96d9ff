namespace LocoformerVst.Vst3;

/// <summary>One audio bus a plugin declares (main or aux, input or output); the host reads it through getBusInfo and
/// switches it on and off with activateBus.</summary>
public sealed class AudioBus
{
    private volatile bool _isActive;

    internal AudioBus(string name, int channelCount, BusType type, BusDirection direction, int index)
    {
        Name = name;
        ChannelCount = channelCount;
        Type = type;
        Direction = direction;
        Index = index;
        _isActive = IsDefaultActive;
    }

    public string Name { get; }
    public int ChannelCount { get; }
    public BusType Type { get; }
    public BusDirection Direction { get; }

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
