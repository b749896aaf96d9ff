using LocoformerVst.Inference.Devices;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Tests;

public sealed class DeviceManagerTests
{
    private static readonly InferenceSettings OneThread = new() { IntraOpThreads = 1 };

    [Fact]
    public void Cpu_is_available_and_reports_the_cpu_model_from_proc_cpuinfo()
    {
        var manager = new DeviceManager(OneThread);

        ExecutionDevice device = manager.Select("cpu");

        Assert.Equal(ExecutionProvider.Cpu, device.Provider);
        Assert.Null(device.FallbackReason);
        Assert.Equal(1, device.Threads);
        Assert.True(device.MemoryBytes > 100L * 1024 * 1024, $"memory {device.MemoryBytes}");
        Assert.True(device.MeasuredGflops > 0.1, $"measured {device.MeasuredGflops} GFLOP/s");
        Assert.Equal(DeviceTiers.FromGflops(device.MeasuredGflops!.Value), device.Tier);
        if (OperatingSystem.IsLinux())
        {
            string? modelLine = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"));
            if (modelLine is not null)
            {
                Assert.Equal(modelLine[(modelLine.IndexOf(':') + 1)..].Trim(), device.DeviceName);
            }
        }
    }

    [Fact]
    public void Requesting_cuda_on_the_cpu_build_falls_back_to_cpu_with_the_reason()
    {
        var manager = new DeviceManager(OneThread);

        ExecutionDevice device = manager.Select("cuda", measureThroughput: false);

        Assert.Equal(ExecutionProvider.Cpu, device.Provider);
        Assert.Equal(DeviceTier.Unknown, device.Tier);
        Assert.StartsWith("Cuda: ", device.FallbackReason);
        Assert.Contains("no Cuda provider", device.FallbackReason);
        Assert.Contains("-Gpu cuda", device.FallbackReason);
    }

    [Fact]
    public void Every_gpu_provider_reports_why_it_is_unavailable_and_cpu_is_always_available()
    {
        IReadOnlyList<ProviderStatus> all = new DeviceManager(OneThread).CheckAll();

        Assert.Equal(DeviceManager.AutoOrder, all.Select(s => s.Provider));
        ProviderStatus cpu = all.Single(s => s.Provider == ExecutionProvider.Cpu);
        Assert.True(cpu.Available);
        Assert.All(all.Where(s => !s.Available), s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }

    [Fact]
    public void Auto_picks_the_first_working_provider_without_reporting_a_fallback()
    {
        var manager = new DeviceManager(OneThread);
        ExecutionProvider expected = manager.CheckAll().First(s => s.Available).Provider;

        ExecutionDevice device = manager.Select("auto", measureThroughput: false);

        Assert.Equal(expected, device.Provider);
        Assert.Null(device.FallbackReason);
    }

    [Fact]
    public void The_chosen_device_produces_working_session_settings()
    {
        ExecutionDevice device = new DeviceManager(OneThread).Select("auto", measureThroughput: false);

        InferenceSettings settings = device.ToSettings(new InferenceSettings { AllowSpinning = false });

        Assert.Equal(device.Provider, settings.Provider);
        Assert.False(settings.AllowSpinning);
        using var options = SessionOptionsFactory.Create(settings);
    }

    [Theory]
    [InlineData(0, DeviceTier.Unknown)]
    [InlineData(double.NaN, DeviceTier.Unknown)]
    [InlineData(12.5, DeviceTier.Low)]
    [InlineData(DeviceTiers.MidGflops - 0.01, DeviceTier.Low)]
    [InlineData(DeviceTiers.MidGflops, DeviceTier.Mid)]
    [InlineData(DeviceTiers.HighGflops - 1, DeviceTier.Mid)]
    [InlineData(DeviceTiers.HighGflops, DeviceTier.High)]
    [InlineData(40000, DeviceTier.High)]
    public void Tier_follows_the_documented_throughput_thresholds(double gflops, DeviceTier tier) =>
        Assert.Equal(tier, DeviceTiers.FromGflops(gflops));

    [Theory]
    [InlineData("auto", null)]
    [InlineData("CPU", ExecutionProvider.Cpu)]
    [InlineData("cuda", ExecutionProvider.Cuda)]
    [InlineData("dml", ExecutionProvider.DirectML)]
    [InlineData("coreml", ExecutionProvider.CoreML)]
    public void Device_names_parse_case_insensitively(string name, ExecutionProvider? expected) =>
        Assert.Equal(expected, DeviceManager.ParseRequest(name));

    [Fact]
    public void Unknown_device_name_lists_the_supported_names()
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceManager.ParseRequest("tpu"));

        Assert.Contains("unknown device 'tpu'; supported: auto, cpu, cuda, directml, coreml", e.Message);
    }

    [Fact]
    public void Session_options_for_an_unavailable_provider_throw_with_the_provider_named()
    {
        var e = Assert.Throws<ExecutionProviderUnavailableException>(
            () => SessionOptionsFactory.Create(new InferenceSettings { Provider = ExecutionProvider.DirectML }));

        Assert.Equal(ExecutionProvider.DirectML, e.Provider);
        Assert.StartsWith("execution provider DirectML is not available: ", e.Message);
    }

    [Fact]
    public void Cpu_name_parsing_reads_x86_and_arm_cpuinfo_layouts()
    {
        Assert.Equal("AMD Ryzen 9 7950X 16-Core Processor",
            Devices.HostDescription.ParseCpuInfo("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD Ryzen 9 7950X 16-Core Processor\n"));
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4",
            Devices.HostDescription.ParseCpuInfo("processor\t: 0\nBogoMIPS\t: 108.00\n\nProcessor\t: Raspberry Pi 4 Model B Rev 1.4\n"));
        Assert.Null(Devices.HostDescription.ParseCpuInfo("processor\t: 0\nBogoMIPS\t: 50.00\n"));
    }
}
