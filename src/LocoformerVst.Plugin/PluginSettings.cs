using System.Buffers.Binary;
using System.Text;

namespace LocoformerVst.Plugin;

/// <summary>Which execution device activation asks the device manager for.</summary>
public enum DevicePreference
{
    /// <summary>The best available provider (a GPU when the build and the machine have one), else the CPU.</summary>
    Automatic = 0,
    CpuOnly = 1,
}

/// <summary>
/// The plugin's own part of its state, beside the parameter values the binding stores: settings that are not host
/// parameters. Little-endian, versioned: <c>"LCFM" | u32 version | fields</c>.
/// <list type="bullet">
/// <item>v1: <c>u8 device preference</c></item>
/// <item>v2: v1 + <c>u16 n | n bytes UTF-8</c>: a model pinned by name (empty = chosen by Mode and Model)</item>
/// </list>
/// Older versions load with the newer fields at their defaults; anything else is refused as a whole.
/// </summary>
public sealed record PluginSettings
{
    public const int CurrentVersion = 2;
    public const int MaxModelNameBytes = 255;
    private static ReadOnlySpan<byte> Magic => "LCFM"u8;

    public DevicePreference Device { get; init; } = DevicePreference.Automatic;

    /// <summary>Model name (catalog name, no path) that overrides the Mode/Model choice when that model exists.</summary>
    public string PinnedModel { get; init; } = "";

    public void Write(Stream output, int version = CurrentVersion)
    {
        if (version is < 1 or > CurrentVersion)
            throw new ArgumentOutOfRangeException(nameof(version), version, $"settings versions 1 to {CurrentVersion} can be written");
        byte[] name = Encoding.UTF8.GetBytes(PinnedModel);
        if (name.Length > MaxModelNameBytes)
            throw new InvalidOperationException($"pinned model name is {name.Length} bytes; at most {MaxModelNameBytes} are supported");
        var bytes = new byte[9 + (version >= 2 ? 2 + name.Length : 0)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)version);
        bytes[8] = (byte)Device;
        if (version >= 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(9), (ushort)name.Length);
            name.CopyTo(bytes, 11);
        }
        output.Write(bytes);
    }

    /// <summary>Reads any supported version; throws InvalidDataException saying what is wrong.</summary>
    public static PluginSettings Read(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        ReadOnlySpan<byte> data = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (data.Length < 9 || !data[..4].SequenceEqual(Magic))
            throw new InvalidDataException("LocoformerVst settings must start with \"LCFM\", a version and a device byte.");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (version is < 1 or > CurrentVersion)
            throw new InvalidDataException($"LocoformerVst settings version {version} is not supported (this build reads 1 to {CurrentVersion}).");
        byte device = data[8];
        if (device > (byte)DevicePreference.CpuOnly)
            throw new InvalidDataException($"Device preference {device} is unknown; 0 (automatic) and 1 (CPU only) are supported.");
        string pinned = "";
        int end = 9;
        if (version >= 2)
        {
            if (data.Length < 11)
                throw new InvalidDataException("LocoformerVst settings v2 end before the pinned model name's length.");
            int length = BinaryPrimitives.ReadUInt16LittleEndian(data[9..]);
            end = 11 + length;
            if (length > MaxModelNameBytes || data.Length < end)
                throw new InvalidDataException($"Pinned model name declares {length} bytes; {Math.Max(0, data.Length - 11)} follow (at most {MaxModelNameBytes} allowed).");
            pinned = DecodeName(data.Slice(11, length));
        }
        if (data.Length != end)
            throw new InvalidDataException($"LocoformerVst settings v{version} hold {data.Length - end} unexpected trailing bytes.");
        return new PluginSettings { Device = (DevicePreference)device, PinnedModel = pinned };
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes)
    {
        string name;
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("Pinned model name is not valid UTF-8.", e);
        }
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
            throw new InvalidDataException($"Pinned model name '{name}' is a path; only a model's name is allowed.");
        return name;
    }
}
