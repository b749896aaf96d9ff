using System.Globalization;
using System.Text.Json;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Vst3.Tests;

/// <summary>The published bundle seen from outside, by the C host: layout, factory classes, moduleinfo.json, buses
/// and the parameter surface.</summary>
[Collection(BundleCollection.Name)]
public sealed class BundleTests(PluginBundleFixture bundle)
{
    private const string ProcessorCid = "B77A1A2879904488B247B35518DF3E78";
    private const string ControllerCid = "B83E09303F8C42B69E2AB5605B0BE589";

    [Fact]
    public void Bundle_has_the_linux_layout_with_the_binary_named_after_the_bundle()
    {
        Assert.True(File.Exists(bundle.BinaryPath), bundle.BinaryPath);
        byte[] header = File.ReadAllBytes(bundle.BinaryPath)[..4];
        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.True(File.Exists(bundle.ModuleInfoPath), bundle.ModuleInfoPath);
    }

    [Fact]
    public void Binary_is_marked_nodelete_so_a_host_dlclose_cannot_unmap_the_runtime()
    {
        const long DtFlags1 = 0x6ffffffb;
        const ulong Df1NoDelete = 0x8;
        Assert.Contains(ElfDynamicEntries(File.ReadAllBytes(bundle.BinaryPath)),
            entry => entry.Tag == DtFlags1 && (entry.Value & Df1NoDelete) != 0);
    }

    [Fact]
    public void Factory_lists_the_processor_and_controller_classes_with_ids_and_categories()
    {
        HostRun run = bundle.RunHost("--print-params").AssertSucceeded();
        var factory = run.Single("factory");
        Assert.Equal("LocoformerVst", factory["vendor"]);
        Assert.Equal("16", factory["flags"]); // kUnicode

        var classes = run.Records("class");
        Assert.Equal(2, classes.Count);
        Assert.Equal(ProcessorCid, classes[0]["cid"]);
        Assert.Equal("Audio Module Class", classes[0]["category"]);
        Assert.Equal("Fx|Tools", classes[0]["subcategories"]);
        Assert.Equal(ControllerCid, classes[1]["cid"]);
        Assert.Equal("Component Controller Class", classes[1]["category"]);
        foreach (var c in classes)
        {
            Assert.Equal("LocoformerVst Test Gain", c["name"]);
            Assert.Equal("0.1.0", c["version"]);
            Assert.Equal("VST 3.7.14", c["sdk"]);
            Assert.Equal("2147483647", c["cardinality"]);
        }
    }

    [Fact]
    public void Moduleinfo_json_describes_exactly_the_classes_the_factory_reports()
    {
        var classes = bundle.RunHost("--print-params").AssertSucceeded().Records("class");
        using JsonDocument info = JsonDocument.Parse(File.ReadAllText(bundle.ModuleInfoPath));
        JsonElement root = info.RootElement;
        Assert.Equal(PluginBundleFixture.BundleName, root.GetProperty("Name").GetString());
        Assert.Equal("LocoformerVst", root.GetProperty("Factory Info").GetProperty("Vendor").GetString());
        Assert.True(root.GetProperty("Factory Info").GetProperty("Flags").GetProperty("Unicode").GetBoolean());

        JsonElement[] listed = [.. root.GetProperty("Classes").EnumerateArray()];
        Assert.Equal(classes.Count, listed.Length);
        for (int i = 0; i < listed.Length; i++)
        {
            Assert.Equal(classes[i]["cid"], listed[i].GetProperty("CID").GetString());
            Assert.Equal(classes[i]["category"], listed[i].GetProperty("Category").GetString());
            Assert.Equal(classes[i]["name"], listed[i].GetProperty("Name").GetString());
            Assert.Equal(classes[i]["sdk"], listed[i].GetProperty("SDKVersion").GetString());
        }
        Assert.Equal(["Fx", "Tools"], listed[0].GetProperty("Sub Categories").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Buses_are_a_stereo_main_input_a_stereo_main_output_and_an_inactive_aux_output()
    {
        var buses = bundle.RunHost("--print-params").AssertSucceeded().Records("bus");
        Assert.Equal(3, buses.Count);
        Assert.Equal(("in", "main", "2", "1", "3", "Main In"), Describe(buses[0]));
        Assert.Equal(("out", "main", "2", "1", "3", "Main Out"), Describe(buses[1]));
        Assert.Equal(("out", "aux", "2", "0", "3", "Residual"), Describe(buses[2]));

        static (string, string, string, string, string, string) Describe(IReadOnlyDictionary<string, string> b) =>
            (b["dir"], b["type"], b["channels"], b["default-active"], b["arrangement"], b["name"]);
    }

    [Fact]
    public void Parameters_carry_titles_units_steps_defaults_and_flags()
    {
        HostRun run = bundle.RunHost("--print-params").AssertSucceeded();
        Assert.Equal(5, run.Records("param").Count);
        AssertParameter(run.Parameter(0), "Gain", "dB", steps: 0, defaultValue: 2.0 / 3, flags: "0x1", display: "0.0");
        AssertParameter(run.Parameter(1), "Latency", "samples", steps: 4, defaultValue: 0.75, flags: "0x8", display: "1000");
        AssertParameter(run.Parameter(2), "Bypass", "", steps: 1, defaultValue: 0, flags: "0x10001", display: "0");
        AssertParameter(run.Parameter(3), "Output peak", "", steps: 0, defaultValue: 0, flags: "0x2", display: "0.00");
        AssertParameter(run.Parameter(4), "Process mode", "", steps: 2, defaultValue: 0, flags: "0xa", display: "Realtime");
    }

    [Fact]
    public void Display_text_and_normalized_values_convert_both_ways()
    {
        HostRun run = bundle.RunHost("--query", "0=0.5", "--query", "1=0.6", "--query", "1=1",
            "--parse", "0=-6.0 dB", "--parse", "1=4410", "--parse", "0=loud").AssertSucceeded();
        var queries = run.Records("query");
        Assert.Equal(("-6.0", -6.0, 0.5), (queries[0]["display"], Number(queries[0]["plain"]), Number(queries[0]["back"])));
        Assert.Equal(("1000", 3.0), (queries[1]["display"], Number(queries[1]["plain"]))); // floor(0.6 · 5) = step 3
        Assert.Equal(("4410", 4.0), (queries[2]["display"], Number(queries[2]["plain"])));

        var parses = run.Records("parse");
        Assert.Equal(("0", 0.5), (parses[0]["result"], Number(parses[0]["normalized"])));
        Assert.Equal(("0", 1.0), (parses[1]["result"], Number(parses[1]["normalized"])));
        Assert.Equal("1", parses[2]["result"]); // kResultFalse: not a value
    }

    private static void AssertParameter(IReadOnlyDictionary<string, string> p, string title, string units, int steps,
        double defaultValue, string flags, string display)
    {
        Assert.Equal(title, p["title"]);
        Assert.Equal(units, p["units"]);
        Assert.Equal(steps.ToString(CultureInfo.InvariantCulture), p["steps"]);
        Assert.Equal(defaultValue, Number(p["default"]), 8);
        Assert.Equal(Number(p["default"]), Number(p["value"])); // a fresh instance sits at its defaults
        Assert.Equal(flags, p["flags"]);
        Assert.Equal(display, p["display"]);
    }

    /// <summary>The (tag, value) pairs of an ELF64 little-endian file's PT_DYNAMIC segment.</summary>
    private static IEnumerable<(long Tag, ulong Value)> ElfDynamicEntries(byte[] elf)
    {
        Assert.Equal(2, elf[4]); // ELFCLASS64
        long programHeaders = BitConverter.ToInt64(elf, 0x20);
        int entrySize = BitConverter.ToUInt16(elf, 0x36);
        int count = BitConverter.ToUInt16(elf, 0x38);
        for (int i = 0; i < count; i++)
        {
            int header = (int)programHeaders + i * entrySize;
            if (BitConverter.ToUInt32(elf, header) != 2) // PT_DYNAMIC
                continue;
            long offset = BitConverter.ToInt64(elf, header + 8);
            long size = BitConverter.ToInt64(elf, header + 32);
            for (long at = offset; at + 16 <= offset + size; at += 16)
                yield return (BitConverter.ToInt64(elf, (int)at), BitConverter.ToUInt64(elf, (int)at + 8));
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
