using LocoformerVst.Dsp.Spectral;

namespace LocoformerVst.Dsp.Tests.Spectral;

public class StftSettingsTests
{
    [Fact]
    public void Defaults_are_the_model_contract()
    {
        StftSettings settings = StftSettings.Default;
        Assert.Equal(2048, settings.NFft);
        Assert.Equal(512, settings.Hop);
        Assert.Equal(1025, settings.Bins);
        Assert.Equal(1024, settings.Padding);
        Assert.Equal(1025, settings.MinSignalLength);
    }

    [Fact]
    public void Window_is_the_periodic_hann_window()
    {
        var settings = new StftSettings(16, 4);
        double[] expected = [0, 0.0380602, 0.1464466, 0.3086583, 0.5, 0.6913417, 0.8535534, 0.9619398, 1, 0.9619398, 0.8535534, 0.6913417, 0.5, 0.3086583, 0.1464466, 0.0380602];
        Assert.Equal(expected.Length, settings.Window.Length);
        for (int n = 0; n < expected.Length; n++)
        {
            Assert.Equal(expected[n], settings.Window[n], 6);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(512, 512)]
    [InlineData(512, 0)]
    [InlineData(512, 6)]
    [InlineData(512, 1000)]
    public void FrameCount_is_one_plus_length_over_hop(int length, int hop)
    {
        if (hop < 1)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(2048, hop));
            return;
        }

        Assert.Equal(1 + length / hop, new StftSettings(2048, hop).FrameCount(length));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1000, 250)]
    [InlineData(0, 1)]
    public void Sizes_that_are_not_powers_of_two_from_4_are_rejected(int nFft, int hop)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(nFft, hop));
        Assert.Contains("power of two", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData(2048)]
    public void Hops_outside_1_to_half_n_fft_are_rejected(int hop)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(2048, hop));
        Assert.Contains("n_fft/2 = 1024", error.Message);
    }

    [Fact]
    public void Negative_lengths_have_no_frame_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StftSettings.Default.FrameCount(-1));
    }

    [Fact]
    public void Settings_with_the_same_geometry_are_equal()
    {
        Assert.Equal(new StftSettings(), StftSettings.Default);
        Assert.NotEqual(new StftSettings(2048, 256), StftSettings.Default);
    }
}
