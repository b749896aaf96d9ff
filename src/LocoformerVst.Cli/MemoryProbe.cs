namespace LocoformerVst.Cli;

/// <summary>
/// Peak resident memory of this process, for `bench`. On Linux the kernel's high-water mark (VmHWM) can be reset by
/// writing 5 to /proc/self/clear_refs, which makes the peak of each benchmark run separately measurable; elsewhere the
/// process-lifetime peak working set is all there is.
/// </summary>
internal static class MemoryProbe
{
    /// <summary>Resets the peak; false when the platform cannot (the peak then covers the whole process).</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes since the last reset (or process start).</summary>
    public static long PeakBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, or null where /proc/loadavg does not exist.</summary>
    public static string? LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
