using LocoformerVst.Inference.Runtime;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Devices;

/// <summary>
/// Chooses where models run. Each GPU provider is tried by actually enabling it on fresh session options (the only
/// reliable test, locoformer.md §9) and, when measuring, by running the throughput probe on it; the CPU always works.
/// "auto" takes the first that works of CUDA, DirectML, CoreML, CPU. A request that fails falls back to the CPU
/// with the reason recorded in <see cref="ExecutionDevice.FallbackReason"/>.
/// </summary>
public sealed class DeviceManager
{
    /// <summary>The order "auto" tries providers in.</summary>
    public static readonly IReadOnlyList<ExecutionProvider> AutoOrder =
        [ExecutionProvider.Cuda, ExecutionProvider.DirectML, ExecutionProvider.CoreML, ExecutionProvider.Cpu];

    /// <summary>Device names <see cref="Select(string, bool)"/> accepts.</summary>
    public static readonly IReadOnlyList<string> RequestNames = ["auto", "cpu", "cuda", "directml", "coreml"];

    private readonly InferenceSettings _template;
    private readonly Dictionary<ExecutionProvider, ProviderStatus> _status = [];
    private readonly Dictionary<ExecutionProvider, double> _gflops = [];
    private readonly Lock _gate = new();

    /// <param name="template">Threading settings used for probing and carried into the chosen device.</param>
    public DeviceManager(InferenceSettings? template = null)
    {
        _template = template ?? new InferenceSettings();
        _template.Validate();
    }

    /// <summary>Parses a device name ("auto", "cpu", "cuda", "directml"/"dml", "coreml"); null means auto.</summary>
    public static ExecutionProvider? ParseRequest(string name) => name.Trim().ToLowerInvariant() switch
    {
        "auto" or "" => null,
        "cpu" => ExecutionProvider.Cpu,
        "cuda" or "gpu" => ExecutionProvider.Cuda,
        "directml" or "dml" => ExecutionProvider.DirectML,
        "coreml" => ExecutionProvider.CoreML,
        _ => throw new ArgumentException(
            $"unknown device '{name}'; supported: {string.Join(", ", RequestNames)}", nameof(name)),
    };

    /// <summary>Whether <paramref name="provider"/> can be enabled in this process (cached per provider).</summary>
    public ProviderStatus Check(ExecutionProvider provider)
    {
        lock (_gate)
        {
            if (!_status.TryGetValue(provider, out ProviderStatus? status))
            {
                status = TryEnable(provider);
                _status[provider] = status;
            }

            return status;
        }
    }

    /// <summary>The status of every provider, in <see cref="AutoOrder"/>.</summary>
    public IReadOnlyList<ProviderStatus> CheckAll() => AutoOrder.Select(Check).ToList();

    /// <summary>Selects by name; see <see cref="ParseRequest"/>.</summary>
    public ExecutionDevice Select(string request, bool measureThroughput = true) =>
        Select(ParseRequest(request), measureThroughput);

    /// <summary>
    /// Selects <paramref name="requested"/> (null = auto). With <paramref name="measureThroughput"/> the probe runs
    /// on the chosen device (a failure there also counts as unavailable) and sets the tier.
    /// </summary>
    public ExecutionDevice Select(ExecutionProvider? requested, bool measureThroughput = true)
    {
        var reasons = new List<string>();
        IEnumerable<ExecutionProvider> order = requested is ExecutionProvider only
            ? [only, ExecutionProvider.Cpu]
            : AutoOrder;
        foreach (ExecutionProvider provider in order.Distinct())
        {
            ProviderStatus status = Check(provider);
            double? gflops = null;
            if (status.Available && measureThroughput && !TryMeasure(provider, out gflops, out string? probeFailure))
            {
                status = MarkFailed(provider, probeFailure!);
            }

            if (!status.Available)
            {
                reasons.Add($"{provider}: {status.Reason}");
                continue;
            }

            // With "auto", skipping GPU providers this build lacks is expected, not a fallback worth reporting.
            string? fallback = requested is ExecutionProvider wanted && wanted != provider ? string.Join("; ", reasons) : null;
            return Describe(provider, gflops, fallback);
        }

        throw new InvalidOperationException("no execution provider works, not even the CPU: " + string.Join("; ", reasons));
    }

    private ExecutionDevice Describe(ExecutionProvider provider, double? gflops, string? fallback)
    {
        bool cpu = provider == ExecutionProvider.Cpu;
        return new ExecutionDevice
        {
            Provider = provider,
            DeviceId = cpu ? 0 : _template.DeviceId,
            DeviceName = cpu ? HostDescription.CpuName() : GpuName(provider),
            Tier = gflops is double g ? DeviceTiers.FromGflops(g) : DeviceTier.Unknown,
            MeasuredGflops = gflops,
            MemoryBytes = cpu ? HostDescription.AvailableMemoryBytes() : null,
            Threads = _template.UseSharedThreadPool ? SharedOrtEnvironment.Threads : _template.IntraOpThreads,
            FallbackReason = fallback,
        };
    }

    private ProviderStatus TryEnable(ExecutionProvider provider)
    {
        try
        {
            using SessionOptions options = SessionOptionsFactory.Create(_template with { Provider = provider });
            return new ProviderStatus(provider, true, null);
        }
        catch (ExecutionProviderUnavailableException e)
        {
            return new ProviderStatus(provider, false, e.Reason);
        }
    }

    private bool TryMeasure(ExecutionProvider provider, out double? gflops, out string? failure)
    {
        lock (_gate)
        {
            if (_gflops.TryGetValue(provider, out double cached))
            {
                (gflops, failure) = (cached, null);
                return true;
            }
        }

        try
        {
            double measured = ThroughputProbe.MeasureGflops(_template with { Provider = provider });
            lock (_gate)
            {
                _gflops[provider] = measured;
            }

            (gflops, failure) = (measured, null);
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeException or ExecutionProviderUnavailableException)
        {
            (gflops, failure) = (null, $"running a test graph failed: {e.Message}");
            return false;
        }
    }

    private ProviderStatus MarkFailed(ExecutionProvider provider, string reason)
    {
        var status = new ProviderStatus(provider, false, reason);
        lock (_gate)
        {
            _status[provider] = status;
        }

        return status;
    }

    private string GpuName(ExecutionProvider provider)
    {
        // ORT's hardware-device list names GPUs where the platform reports them; fall back to the provider and index.
        try
        {
            foreach (OrtHardwareDevice device in OrtEnv.Instance().GetHardwareDevices())
            {
                if (device.Type == OrtHardwareDeviceType.GPU)
                {
                    string description = device.Metadata.Entries.TryGetValue("Description", out string? d) ? d : "";
                    return description.Length > 0 ? description : $"{device.Vendor} GPU (device 0x{device.DeviceId:x4})";
                }
            }
        }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException)
        {
            // Older native libraries lack the device API; the generic name below is still correct.
        }

        return $"{provider} device {_template.DeviceId}";
    }
}

/// <summary>Whether one execution provider can be enabled, and if not, why.</summary>
public sealed record ProviderStatus(ExecutionProvider Provider, bool Available, string? Reason);
