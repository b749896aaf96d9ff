using System.Runtime.InteropServices;

namespace LocoformerVst.Inference.Devices;

/// <summary>Names the CPU and finds the memory available, for the device readout.</summary>
internal static class HostDescription
{
    private static string? _cpuName;

    /// <summary>The CPU model: /proc/cpuinfo on Linux, PROCESSOR_IDENTIFIER on Windows, else architecture and core count.</summary>
    public static string CpuName() => _cpuName ??= ReadCpuName();

    /// <summary>Physical memory or the container limit, as the GC sees it; null when unknown.</summary>
    public static long? AvailableMemoryBytes()
    {
        long total = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return total > 0 ? total : null;
    }

    internal static string? ParseCpuInfo(string cpuinfo)
    {
        // x86 writes "model name"; arm kernels write "Processor" or "Hardware" (case matters: x86 "processor" is the index).
        foreach (string key in (string[])["model name", "Processor", "Hardware", "cpu model"])
        {
            foreach (string line in cpuinfo.Split('\n'))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim().Equals(key, StringComparison.Ordinal))
                {
                    string value = line[(colon + 1)..].Trim();
                    if (value.Length > 0)
                    {
                        return value;
                    }
                }
            }
        }

        return null;
    }

    private static string ReadCpuName()
    {
        string fallback = $"{RuntimeInformation.ProcessArchitecture} CPU ({Environment.ProcessorCount} logical processors)";
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                return ParseCpuInfo(File.ReadAllText("/proc/cpuinfo")) ?? fallback;
            }

            if (OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } id)
            {
                return id;
            }
        }
        catch (IOException)
        {
            // Unreadable /proc: the generic description is good enough for a readout.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return fallback;
    }
}
