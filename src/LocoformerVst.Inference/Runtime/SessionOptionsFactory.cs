using System.Globalization;
using LocoformerVst.Inference.Devices;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Runtime;

/// <summary>
/// Builds SessionOptions the way locoformer.md §7 measured best for chunked audio inference: full graph
/// optimization, sequential execution with one inter-op thread (the model is a chain), explicit intra-op threads,
/// denormals flushed to zero (near-silent audio produces them), and an explicit spinning policy.
/// </summary>
public static class SessionOptionsFactory
{
    /// <summary>Creates options for <paramref name="settings"/>; throws ExecutionProviderUnavailableException if its provider cannot be enabled.</summary>
    public static SessionOptions Create(InferenceSettings settings)
    {
        settings.Validate();
        var options = new SessionOptions();
        try
        {
            options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
            options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            options.InterOpNumThreads = 1;
            options.AddSessionConfigEntry("session.set_denormal_as_zero", "1");
            if (settings.UseSharedThreadPool)
            {
                if (!SharedOrtEnvironment.IsInitialized)
                {
                    throw new InvalidOperationException(
                        "UseSharedThreadPool needs SharedOrtEnvironment.Initialize before the first session is created");
                }

                // Thread count and spinning then come from the environment's global pool.
                options.DisablePerSessionThreads();
            }
            else
            {
                options.IntraOpNumThreads = settings.IntraOpThreads;
                options.AddSessionConfigEntry("session.intra_op.allow_spinning", settings.AllowSpinning ? "1" : "0");
            }

            if (!ProviderAppender.TryAppend(options, settings.Provider, settings.DeviceId, out string? failure))
            {
                throw new ExecutionProviderUnavailableException(settings.Provider, failure!);
            }

            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    internal static string Describe(InferenceSettings s) => s.UseSharedThreadPool
        ? $"{s.Provider}, shared pool"
        : string.Create(CultureInfo.InvariantCulture, $"{s.Provider}, {s.IntraOpThreads} threads, spinning {(s.AllowSpinning ? "on" : "off")}");
}
