namespace LocoformerVst.Vst3.Abi;

/// <summary>Numeric constants of the VST3 ABI that only the binding (or a host) needs; authors use the enums in
/// <see cref="LocoformerVst.Vst3"/>.</summary>
public static class Vst
{
    public const int MediaTypeAudio = 0;
    public const int MediaTypeEvent = 1;

    public const int SampleSize32 = 0;
    public const int SampleSize64 = 1;

    public const int IoModeSimple = 0;
    public const int IoModeAdvanced = 1;
    public const int IoModeOfflineProcessing = 2;

    public const uint BusFlagDefaultActive = 1;
    public const int ManyInstances = 0x7FFFFFFF;
    public const int RootUnitId = 0;

    public const int FactoryFlagUnicode = 16;

    public const string AudioEffectCategory = "Audio Module Class";
    public const string ComponentControllerCategory = "Component Controller Class";
    public const string SdkVersion = "VST 3.7.14";

    /// <summary>String128 capacity in UTF-16 code units, terminator included.</summary>
    public const int String128Length = 128;
}

/// <summary>Speaker arrangements (channel bit masks) for the bus layouts a plugin can declare.</summary>
public static class SpeakerArrangement
{
    public const ulong Mono = 1UL << 19;
    public const ulong Stereo = 0b11;

    /// <summary>Mono and stereo by their names; n channels otherwise as the lowest n speaker bits.</summary>
    public static ulong ForChannels(int channelCount) => channelCount switch
    {
        1 => Mono,
        2 => Stereo,
        > 0 and < 64 => (1UL << channelCount) - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(channelCount), channelCount,
            "A bus has 1 to 63 channels."),
    };

    /// <summary>The channel count of an arrangement this binding can report back unchanged: one that
    /// <see cref="ForChannels"/> gives for its own number of speakers (mono is kSpeakerM, not a lone left speaker), with
    /// 1 to <paramref name="maxChannels"/> speakers. Other layouts (surround subsets, empty) answer false.</summary>
    public static bool TryGetChannelCount(ulong arrangement, int maxChannels, out int channelCount)
    {
        channelCount = System.Numerics.BitOperations.PopCount(arrangement);
        if (channelCount >= 1 && channelCount <= Math.Min(maxChannels, 63) && arrangement == ForChannels(channelCount))
            return true;
        channelCount = 0;
        return false;
    }
}
