using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Vst3.Tests;

/// <summary>Plain ↔ normalized conversion, display text and declaration rules of <see cref="Parameter"/>.</summary>
public sealed class ParameterTests
{
    [Fact]
    public void A_continuous_parameter_maps_its_range_linearly()
    {
        Parameter gain = Declare(new ParameterSpec { Id = 1, Title = "Gain", Min = -24, Max = 12, Default = 0 });
        Assert.Equal(-24, gain.ToPlain(0));
        Assert.Equal(-6, gain.ToPlain(0.5), 12);
        Assert.Equal(12, gain.ToPlain(1));
        Assert.Equal(0.5, gain.ToNormalized(-6), 12);
        Assert.Equal(2.0 / 3.0, gain.DefaultNormalized, 12);
        Assert.Equal(1.0, gain.ToNormalized(40)); // clamped
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.19, 0)]
    [InlineData(0.2, 1)] // floor(0.2 · 5) = 1
    [InlineData(0.59, 2)]
    [InlineData(0.6, 3)]
    [InlineData(0.99, 4)]
    [InlineData(1.0, 4)] // min(stepCount, floor(1 · 5))
    public void A_discrete_parameter_follows_the_vst3_step_rule(double normalized, int step)
    {
        Parameter p = Declare(new ParameterSpec { Id = 1, Title = "Steps", Min = 10, Max = 50, StepCount = 4, Default = 10 });
        Assert.Equal(10 + 10 * step, p.ToPlain(normalized), 12);
        Assert.Equal(step / 4.0, p.ToNormalized(10 + 10 * step), 12);
    }

    [Fact]
    public void A_list_parameter_shows_and_parses_its_names()
    {
        Parameter mode = Declare(new ParameterSpec { Id = 3, Title = "Mode", ValueNames = ["Low", "Balanced", "Quality"], Default = 1 });
        Assert.Equal((2, ParameterFlags.IsList | ParameterFlags.CanAutomate), (mode.StepCount, mode.Flags));
        Assert.Equal(0.5, mode.DefaultNormalized);
        Assert.Equal("Quality", mode.Format(1.0));
        Assert.Equal("Low", mode.Format(0.1));
        Assert.True(mode.TryParse("balanced", out double n));
        Assert.Equal(0.5, n);
        Assert.True(mode.TryParse("2", out n)); // an index works too
        Assert.Equal(1.0, n);
        Assert.False(mode.TryParse("Turbo", out _));
    }

    [Fact]
    public void Display_uses_the_formatter_and_parsing_accepts_the_units()
    {
        Parameter gain = Declare(new ParameterSpec
        {
            Id = 1, Title = "Gain", Units = "dB", Min = -24, Max = 12, Formatter = db => $"{db:+0.0;-0.0;0.0}",
        });
        Assert.Equal("-6.0", gain.Format(0.5));
        Assert.Equal("+12.0", gain.Format(1));
        Assert.True(gain.TryParse(" -6 dB ", out double n));
        Assert.Equal(0.5, n, 12);
        Assert.False(gain.TryParse("NaN", out _));
        Assert.False(gain.TryParse("", out _));
    }

    [Fact]
    public void Bypass_is_a_two_step_automatable_switch_and_read_only_parameters_cannot_be_automated()
    {
        var plugin = new DeclaringPlugin();
        Parameter bypass = plugin.Add(new ParameterSpec { Id = 9, Title = "Bypass", IsBypass = true, StepCount = 7, Max = 5 });
        Assert.Equal((0.0, 1.0, 1), (bypass.Min, bypass.Max, bypass.StepCount));
        Assert.Equal(ParameterFlags.IsBypass | ParameterFlags.CanAutomate, bypass.Flags);
        Assert.Same(bypass, plugin.BypassParameter);

        Parameter meter = plugin.Add(new ParameterSpec { Id = 10, Title = "Meter", IsReadOnly = true });
        Assert.Equal(ParameterFlags.IsReadOnly, meter.Flags);
    }

    [Fact]
    public void Declaration_errors_say_what_is_wrong()
    {
        var plugin = new DeclaringPlugin();
        plugin.Add(new ParameterSpec { Id = 1, Title = "Gain" });
        plugin.Add(new ParameterSpec { Id = 2, Title = "Bypass", IsBypass = true });
        Assert.Contains("used twice", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 1, Title = "Again" })).Message);
        Assert.Contains("exactly one", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 3, Title = "B2", IsBypass = true })).Message);
        Assert.Contains("[0, 2^31)", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 1u << 31, Title = "Big" })).Message);
        Assert.Contains("Min < Max", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 4, Title = "Flat", Min = 1, Max = 1 })).Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 5, Title = "Off", Default = 2 })).Message);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 6, Title = "List", ValueNames = ["a", "b"], Default = 2 })).Message);
        Assert.Contains("non-empty title", Assert.Throws<ArgumentException>(() => plugin.Add(new ParameterSpec { Id = 7, Title = " " })).Message);
    }

    [Fact]
    public void The_main_bus_must_come_first()
    {
        var plugin = new DeclaringPlugin();
        plugin.Output("Aux", BusType.Aux);
        Assert.Contains("declared first", Assert.Throws<ArgumentException>(() => plugin.Output("Main", BusType.Main)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => plugin.Input("Wide", BusType.Main, channels: 33));
    }

    private static Parameter Declare(ParameterSpec spec) => new DeclaringPlugin().Add(spec);

    /// <summary>A plugin whose declaration methods the tests call directly.</summary>
    private sealed class DeclaringPlugin : AudioPluginBase
    {
        public override string Company => "Test";
        public override string Name => "Declaring";
        public override Guid ProcessorClassId => new("11111111-1111-1111-1111-111111111111");
        public override Guid ControllerClassId => new("22222222-2222-2222-2222-222222222222");
        public Parameter Add(ParameterSpec spec) => AddParameter(spec);
        public AudioBus Output(string name, BusType type) => AddAudioOutput(name, 2, type);
        public AudioBus Input(string name, BusType type, int channels) => AddAudioInput(name, channels, type);
        public override void Process(ProcessBlock block) { }
    }
}
