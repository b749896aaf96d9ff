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
        Assert.Equal([0, 64, 320, 448], [At(&f, f.Vendor), At(&f, f.Url), At(&f, f.Email), At(&f, &f.Flags)]);

        PClassInfo2 c = default;
        Assert.Equal([16, 20, 52, 116, 120, 248, 312, 376],
            [At(&c, &c.Cardinality), At(&c, c.Category), At(&c, c.Name), At(&c, &c.ClassFlags),
             At(&c, c.SubCategories), At(&c, c.Vendor), At(&c, c.Version), At(&c, c.SdkVersion)]);

        PClassInfoW w = default;
        Assert.Equal([52, 180, 184, 312, 440, 568],
            [At(&w, w.Name), At(&w, &w.ClassFlags), At(&w, w.SubCategories), At(&w, w.Vendor),
             At(&w, w.Version), At(&w, w.SdkVersion)]);

        BusInfo b = default;
        Assert.Equal([8, 12, 268, 272], [At(&b, &b.ChannelCount), At(&b, b.Name), At(&b, &b.BusType), At(&b, &b.Flags)]);

        ProcessSetup s = default;
        Assert.Equal([8, 16], [At(&s, &s.MaxSamplesPerBlock), At(&s, &s.SampleRate)]);

        AudioBusBuffers a = default;
        Assert.Equal([8, 16], [At(&a, &a.SilenceFlags), At(&a, &a.ChannelBuffers)]);

        ProcessData d = default;
        Assert.Equal([8, 12, 16, 24, 32, 40, 48, 56, 64, 72],
            [At(&d, &d.NumSamples), At(&d, &d.NumInputs), At(&d, &d.NumOutputs), At(&d, &d.Inputs),
             At(&d, &d.Outputs), At(&d, &d.InputParameterChanges), At(&d, &d.OutputParameterChanges),
             At(&d, &d.InputEvents), At(&d, &d.OutputEvents), At(&d, &d.ProcessContext)]);

        ParameterInfo p = default;
        Assert.Equal([4, 260, 516, 772, 776, 784, 788],
            [At(&p, p.Title), At(&p, p.ShortTitle), At(&p, p.Units), At(&p, &p.StepCount),
             At(&p, &p.DefaultNormalizedValue), At(&p, &p.UnitId), At(&p, &p.Flags)]);

        ProcessContext x = default;
        Assert.Equal([8, 72, 80, 88, 92, 96, 104],
            [At(&x, &x.SampleRate), At(&x, &x.Tempo), At(&x, &x.TimeSigNumerator), At(&x, &x.Chord),
             At(&x, &x.SmpteOffsetSubframes), At(&x, &x.FrameRate), At(&x, &x.SamplesToNextClock)]);
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
        int[] actual =
        [
            Result.NoInterface, Result.Ok, Result.False, Result.InvalidArgument, Result.NotImplemented,
            Result.InternalError, Result.NotInitialized, Result.OutOfMemory,
        ];
        Assert.Equal(expected, actual);
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

    private static int At(void* structure, void* field) => (int)((byte*)field - (byte*)structure);
}
