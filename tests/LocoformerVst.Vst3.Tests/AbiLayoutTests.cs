using System.Runtime.CompilerServices;
using LocoformerVst.Vst3.Abi;

namespace LocoformerVst.Vst3.Tests;

/// <summary>The C# structs against the sizes and offsets of the VST3 C API on x86-64 (measured with gcc on
/// vst3_c_api.h; see shared/reference/vst3-abi.md §6).</summary>
public sealed unsafe class AbiLayoutTests
{
    [Fact]
    public void Struct_sizes_match_the_c_api()
    {
        Assert.Equal(452, sizeof(PFactoryInfo));
        Assert.Equal(116, sizeof(PClassInfo));
        Assert.Equal(440, sizeof(PClassInfo2));
        Assert.Equal(696, sizeof(PClassInfoW));
        Assert.Equal(276, sizeof(BusInfo));
        Assert.Equal(12, sizeof(RoutingInfo));
        Assert.Equal(24, sizeof(ProcessSetup));
        Assert.Equal(24, sizeof(AudioBusBuffers));
        Assert.Equal(80, sizeof(ProcessData));
        Assert.Equal(792, sizeof(ParameterInfo));
        Assert.Equal(112, sizeof(ProcessContext));
    }

    [Fact]
    public void Field_offsets_match_the_c_api()
    {
        PFactoryInfo f = default;
        Assert.Equal([0, 64, 320, 448], [At(ref f, ref f.Vendor[0]), At(ref f, ref f.Url[0]), At(ref f, ref f.Email[0]), At(ref f, ref f.Flags)]);

        PClassInfo2 c = default;
        Assert.Equal([16, 20, 52, 116, 120, 248, 312, 376],
            [At(ref c, ref c.Cardinality), At(ref c, ref c.Category[0]), At(ref c, ref c.Name[0]), At(ref c, ref c.ClassFlags),
             At(ref c, ref c.SubCategories[0]), At(ref c, ref c.Vendor[0]), At(ref c, ref c.Version[0]), At(ref c, ref c.SdkVersion[0])]);

        PClassInfoW w = default;
        Assert.Equal([52, 180, 184, 312, 440, 568],
            [At(ref w, ref w.Name[0]), At(ref w, ref w.ClassFlags), At(ref w, ref w.SubCategories[0]), At(ref w, ref w.Vendor[0]),
             At(ref w, ref w.Version[0]), At(ref w, ref w.SdkVersion[0])]);

        BusInfo b = default;
        Assert.Equal([8, 12, 268, 272], [At(ref b, ref b.ChannelCount), At(ref b, ref b.Name[0]), At(ref b, ref b.BusType), At(ref b, ref b.Flags)]);

        ProcessSetup s = default;
        Assert.Equal([8, 16], [At(ref s, ref s.MaxSamplesPerBlock), At(ref s, ref s.SampleRate)]);

        AudioBusBuffers a = default;
        Assert.Equal([8, 16], [At(ref a, ref a.SilenceFlags), At(ref a, ref a.ChannelBuffers)]);

        ProcessData d = default;
        Assert.Equal([8, 12, 16, 24, 32, 40, 48, 56, 64, 72],
            [At(ref d, ref d.NumSamples), At(ref d, ref d.NumInputs), At(ref d, ref d.NumOutputs), At(ref d, ref d.Inputs),
             At(ref d, ref d.Outputs), At(ref d, ref d.InputParameterChanges), At(ref d, ref d.OutputParameterChanges),
             At(ref d, ref d.InputEvents), At(ref d, ref d.OutputEvents), At(ref d, ref d.ProcessContext)]);

        ParameterInfo p = default;
        Assert.Equal([4, 260, 516, 772, 776, 784, 788],
            [At(ref p, ref p.Title[0]), At(ref p, ref p.ShortTitle[0]), At(ref p, ref p.Units[0]), At(ref p, ref p.StepCount),
             At(ref p, ref p.DefaultNormalizedValue), At(ref p, ref p.UnitId), At(ref p, ref p.Flags)]);

        ProcessContext x = default;
        Assert.Equal([8, 72, 80, 88, 92, 96, 104],
            [At(ref x, ref x.SampleRate), At(ref x, ref x.Tempo), At(ref x, ref x.TimeSigNumerator), At(ref x, ref x.Chord),
             At(ref x, ref x.SmpteOffsetSubframes), At(ref x, ref x.FrameRate), At(ref x, ref x.SamplesToNextClock)]);
    }

    [Fact]
    public void Ids_are_written_in_the_byte_order_of_the_os()
    {
        Span<byte> bytes = stackalloc byte[16];
        Iids.AudioProcessor.WriteTo(bytes);
        // Linux/macOS: the four words big-endian; Windows: GUID layout (first word and both halves of the second
        // little-endian).
        Assert.Equal(OperatingSystem.IsWindows() ? "993F0442DAB73C45A569E79D9AAEC33D" : "42043F99B7DA453CA569E79D9AAEC33D",
            Convert.ToHexString(bytes));
        Iids.FUnknown.WriteTo(bytes);
        Assert.Equal("0000000000000000C000000000000046", Convert.ToHexString(bytes));
    }

    [Fact]
    public void An_id_spelled_as_a_guid_equals_the_same_four_words()
    {
        var fromGuid = Tuid.FromGuid(new Guid("42043F99-B7DA-453C-A569-E79D9AAEC33D"));
        Assert.Equal(Iids.AudioProcessor, fromGuid);
        Assert.Equal("42043F99B7DA453CA569E79D9AAEC33D", fromGuid.ToString());
        Assert.Equal(new Guid("42043F99-B7DA-453C-A569-E79D9AAEC33D"), fromGuid.ToGuid());
        Assert.NotEqual(Iids.Component, fromGuid);
    }

    [Fact]
    public void Result_codes_are_the_com_values_on_windows_and_small_integers_elsewhere()
    {
        int[] expected = OperatingSystem.IsWindows()
            ? [unchecked((int)0x80004002), 0, 1, unchecked((int)0x80070057), unchecked((int)0x80004001),
               unchecked((int)0x80004005), unchecked((int)0x8000FFFF), unchecked((int)0x8007000E)]
            : [-1, 0, 1, 2, 3, 4, 5, 6];
        Assert.Equal(expected,
            [Result.NoInterface, Result.Ok, Result.False, Result.InvalidArgument, Result.NotImplemented,
             Result.InternalError, Result.NotInitialized, Result.OutOfMemory]);
    }

    [Fact]
    public void Text_fields_truncate_at_a_whole_character_and_terminate()
    {
        byte* utf8 = stackalloc byte[8];
        TextFields.WriteUtf8(utf8, 8, "abcdéfgh"); // é is two bytes: "abcdé" is 6 bytes, then "f" fits, "g" not
        Assert.Equal("abcdéf", TextFields.ReadUtf8(utf8, 8));
        char* utf16 = stackalloc char[4];
        TextFields.WriteUtf16(utf16, 4, "ab\U0001F600");
        Assert.Equal("ab", TextFields.ReadUtf16(utf16, 4)); // the surrogate pair does not fit: dropped whole
    }

    private static int At<TStruct, TField>(ref TStruct s, ref TField field) =>
        (int)Unsafe.ByteOffset(ref Unsafe.As<TStruct, byte>(ref s), ref Unsafe.As<TField, byte>(ref field));
}
