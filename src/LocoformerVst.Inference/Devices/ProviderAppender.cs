using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Devices;

/// <summary>
/// Appends one execution provider to session options and reports why it failed. Only appending proves a provider
/// works: OrtEnv.GetAvailableProviders lists providers compiled in, not ones whose libraries and drivers load.
/// </summary>
internal static class ProviderAppender
{
    /// <summary>Tries to enable <paramref name="provider"/>; on failure the options must be discarded (they may be half-configured).</summary>
    public static bool TryAppend(SessionOptions options, ExecutionProvider provider, int deviceId, out string? failure)
    {
        failure = null;
        try
        {
            switch (provider)
            {
                case ExecutionProvider.Cpu:
                    return true;
                case ExecutionProvider.Cuda:
                    options.AppendExecutionProvider_CUDA(deviceId);
                    return true;
                case ExecutionProvider.DirectML:
                    // DirectML needs these two (ORT DirectML EP docs); it does not support memory patterns.
                    options.EnableMemoryPattern = false;
                    options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                    options.AppendExecutionProvider_DML(deviceId);
                    return true;
                case ExecutionProvider.CoreML:
                    options.AppendExecutionProvider("CoreML", new Dictionary<string, string>());
                    return true;
                default:
                    failure = $"unknown provider {provider}";
                    return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            failure = $"this build's ONNX Runtime library has no {provider} provider (CPU-only package); " +
                      $"build with -Gpu {BuildSwitch(provider)} to include it";
            return false;
        }
        catch (Exception e) when (e is OnnxRuntimeException or NotSupportedException or DllNotFoundException
                                      or TypeInitializationException or InvalidOperationException or ArgumentException)
        {
            failure = $"{e.GetType().Name}: {FirstLine(e.Message)}";
            return false;
        }
    }

    private static string BuildSwitch(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cuda => "cuda",
        ExecutionProvider.DirectML => "directml",
        _ => provider.ToString().ToLowerInvariant(),
    };

    private static string FirstLine(string message)
    {
        int newline = message.IndexOf('\n');
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
