using System.Buffers.Binary;
using LocoformerVst.Plugin.Tests.Support;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests;

/// <summary>
/// Ten thousand damaged states through the real product binary's setState (component) and setComponentState
/// (controller): every one is refused with kResultFalse, nothing crashes, and both halves keep the state they had.
/// </summary>
[Collection(ProductBundleCollection.Name)]
public sealed unsafe class StateFuzzTests(ProductBundleFixture bundle)
{
    private const int Blobs = 10_000;

    [Fact]
    public void Ten_thousand_random_state_blobs_are_refused_and_the_previous_state_survives_unchanged()
    {
        Vst3Module module = ProductPlugin.Load(bundle);
        Assert.Equal(1, module.Entry(null));
        byte[] valid = StateBlobs.FromWriter((LocoformerParameters.Stem, 2), (LocoformerParameters.Mix, 25),
            (LocoformerParameters.Latency, 0), (LocoformerParameters.OutputGain, -3));
        var rng = new Random(10_000);
        byte[] before, after;
        double controllerMix;
        using (var plugin = new PluginInstance(module, ProductPlugin.ProcessorCid))
        {
            Assert.Equal(Result.Ok, Send(plugin, valid, controller: false));
            Assert.Equal(Result.Ok, Send(plugin, valid, controller: true));
            before = GetState(plugin);
            Assert.Equal(valid, before); // the pre-fuzz state is the non-default one just loaded

            for (int i = 0; i < Blobs; i++)
            {
                byte[] blob = Damaged(rng, valid, i % 4);
                int component = Send(plugin, blob, controller: false);
                int controller = Send(plugin, blob, controller: true);
                Assert.True(component == Result.False && controller == Result.False,
                    $"blob {i} (kind {i % 4}, {blob.Length} bytes): component {component}, controller {controller}");
            }
            after = GetState(plugin);
            controllerMix = plugin.Controller.GetParamNormalized(LocoformerParameters.Mix);
        }
        Assert.Equal(1, module.Exit());

        Assert.Equal(before, after);
        Assert.Equal(0.25, controllerMix, 12);
    }

    /// <summary>Kind 0: random bytes of random length. 1: the right magic and version, then random bytes. 2: a valid
    /// state cut before its settings and continued with random bytes. 3: a valid state whose parameter count is wrong,
    /// or one of whose values is NaN, out of [0, 1] or infinite, all chosen at random.</summary>
    private static byte[] Damaged(Random rng, byte[] valid, int kind)
    {
        switch (kind)
        {
            case 0:
            {
                var blob = new byte[rng.Next(0, 600)];
                rng.NextBytes(blob);
                if (blob.Length >= 4 && blob.AsSpan(0, 4).SequenceEqual("LVS3"u8))
                    blob[0] ^= 0xFF; // a random blob with the right magic would be kind 1
                return blob;
            }
            case 1:
            {
                var blob = new byte[8 + rng.Next(0, 600)];
                rng.NextBytes(blob);
                "LVS3"u8.CopyTo(blob);
                BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), 1);
                return blob;
            }
            case 2:
            {
                // Cut at or before the settings magic ("LCFM"), so that the random tail would have to re-create that
                // magic (or a length field matching the rest) to be valid: at most one chance in 2^32.
                int settingsAt = 12 + 12 * BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(8)) + 4;
                int keep = rng.Next(0, settingsAt + 1);
                var blob = new byte[keep + rng.Next(0, 64)];
                valid.AsSpan(0, keep).CopyTo(blob);
                rng.NextBytes(blob.AsSpan(keep));
                return blob;
            }
            default:
            {
                byte[] blob = (byte[])valid.Clone();
                int count = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(8));
                int which = rng.Next(count + 1);
                if (which == count)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(8), count + rng.Next(1, 1 << 20));
                }
                else
                {
                    double[] bad = [double.NaN, -1e-9, 1 + 1e-9, double.PositiveInfinity, double.NegativeInfinity, -1 - rng.NextDouble() * 1e300];
                    BinaryPrimitives.WriteDoubleLittleEndian(blob.AsSpan(16 + 12 * which), bad[rng.Next(bad.Length)]);
                }
                return blob;
            }
        }
    }

    private static int Send(PluginInstance plugin, byte[] blob, bool controller)
    {
        var stream = new TestStream(blob);
        int result = controller ? plugin.Controller.SetComponentState(stream.Pointer) : plugin.Component.SetState(stream.Pointer);
        stream.Release();
        return result;
    }

    private static byte[] GetState(PluginInstance plugin)
    {
        var stream = new TestStream();
        Assert.Equal(Result.Ok, plugin.Component.GetState(stream.Pointer));
        byte[] bytes = stream.ToArray();
        stream.Release();
        return bytes;
    }
}
