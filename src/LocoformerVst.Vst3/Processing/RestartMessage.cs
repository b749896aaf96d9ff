namespace LocoformerVst.Vst3.Processing;

/// <summary>The private IMessage the processor sends its controller to ask for IComponentHandler::restartComponent.</summary>
internal static class RestartMessage
{
    /// <summary>NUL-terminated; a u8 literal lives as long as the module, so a host may keep the pointer.</summary>
    public static ReadOnlySpan<byte> Id => "LocoformerVst.Restart\0"u8;

    public const string IdText = "LocoformerVst.Restart";

    public static ReadOnlySpan<byte> FlagsKey => "flags\0"u8;
}
