namespace LocoformerVst.Plugin.Tests;

public sealed class PluginSettingsTests
{
    [Fact]
    public void Current_version_round_trips_device_preference_and_pinned_model()
    {
        var settings = new PluginSettings { Device = DevicePreference.CpuOnly, PinnedModel = "lite-5stem-rändom" };
        using var stream = new MemoryStream();
        settings.Write(stream);
        byte[] bytes = stream.ToArray();
        Assert.Equal("LCFM"u8.ToArray(), bytes[..4]);
        Assert.Equal(PluginSettings.CurrentVersion, BitConverter.ToInt32(bytes, 4));
        Assert.Equal(settings, PluginSettings.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_version_1_block_loads_with_no_pinned_model()
    {
        byte[] v1 = [(byte)'L', (byte)'C', (byte)'F', (byte)'M', 1, 0, 0, 0, 1];
        PluginSettings read = PluginSettings.Read(new MemoryStream(v1));
        Assert.Equal(new PluginSettings { Device = DevicePreference.CpuOnly, PinnedModel = "" }, read);
        using var written = new MemoryStream();
        read.Write(written, version: 1);
        Assert.Equal(v1, written.ToArray());
    }

    [Theory]
    [InlineData("4C43464D0300000000", "version 3")]
    [InlineData("4C43464D0100000002", "Device preference 2")]
    [InlineData("4C43464D010000000000", "trailing")]
    [InlineData("4C43464D0200000000", "length")]
    [InlineData("4C43464D020000000005006162", "declares 5 bytes")]
    [InlineData("4C43464D020000000002002F61", "is a path")]
    [InlineData("4C43464D02000000000200FFFE", "UTF-8")]
    [InlineData("58595A5701000000", "must start with")]
    public void Damaged_blocks_are_refused_with_a_message_naming_the_problem(string hex, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => PluginSettings.Read(new MemoryStream(Convert.FromHexString(hex))));
        Assert.Contains(expected, e.Message);
    }
}
