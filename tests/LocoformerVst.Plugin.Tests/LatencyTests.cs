using System.Globalization;
using LocoformerVst.Plugin.Tests.Support;
using static LocoformerVst.Plugin.Tests.Support.Renderer;

namespace LocoformerVst.Plugin.Tests;

/// <summary>The Latency parameter changes the reported delay through a host restart, never on the audio thread.</summary>
[Collection(ProductBundleCollection.Name)]
public sealed class LatencyTests(ProductBundleFixture bundle)
{
    // ARCHITECTURE.md at 44.1 kHz: (2N + R)·hop + (n_fft − hop) + block + 128; Low N = R = 4, Quality N = R = 32.
    [Theory]
    [InlineData("0", 20)]
    [InlineData("1", 112)]
    public void Changing_Latency_asks_the_host_to_restart_and_the_reactivated_plugin_reports_the_new_delay(string value, int hops)
    {
        float[][] input = Audio.Music(44100, 44100);
        Render r = Renderer.Run(bundle, "latency-" + value, input, 44100, "--mode", "offline", "--param", $"3={value}@1000");

        Assert.Contains(r.Run.Records("restart"), x => (int.Parse(x["flags"], CultureInfo.InvariantCulture) & 8) != 0);
        IReadOnlyList<long> latencies = r.Run.Numbers("latency");
        Assert.Equal(56 * 512 + 1536 + 512 + 128, latencies[0]);
        Assert.Equal(hops * 512 + 1536 + 512 + 128, latencies[^1]);
    }

    [Fact]
    public void Changing_the_model_also_restarts_and_the_five_stem_model_fills_the_drums_bus()
    {
        string state = bundle.TempPath("five-stem-low.state");
        File.WriteAllBytes(state, StateBlobs.FromWriter((LocoformerParameters.Model, 1), (LocoformerParameters.Latency, 0)));
        float[][] input = Audio.Music(44100, 44100);
        Render r = Renderer.Run(bundle, "five-stem", input, 44100, "--mode", "offline", "--load-state", state, "--param", "2=0@20000");

        Assert.Contains(r.Run.Records("restart"), x => (int.Parse(x["flags"], CultureInfo.InvariantCulture) & 8) != 0);
        Assert.Equal(20 * 512 + 1536 + 512 + 128, r.Run.Numbers("latency")[0]);
        // The random-weight 5-stem model produces something on every stem bus before the switch back to 2 stems.
        Assert.True(Audio.Peak(r.Drums, to: 20000) > 1e-4);
        Assert.True(r.Drums.All(ch => ch.All(float.IsFinite)));
    }
}
