using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Runtime;

/// <summary>
/// One process-wide ONNX Runtime environment with a global intra-op thread pool, so that several plug-in instances
/// in one host share threads instead of each spawning a pool (sessions opt in with
/// <see cref="InferenceSettings.UseSharedThreadPool"/>). ORT's environment is a process singleton: this must run
/// before anything else creates it.
/// </summary>
public static class SharedOrtEnvironment
{
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;

    public static bool IsInitialized => _initialized;

    /// <summary>Threads of the global pool, once initialized.</summary>
    public static int Threads { get; private set; }

    /// <summary>
    /// Creates the environment with a global pool of <paramref name="intraOpThreads"/> threads. Returns true if this
    /// call created it, false if an earlier call already had (the first call's settings stay). Throws
    /// InvalidOperationException if ORT's environment already exists without a global pool.
    /// </summary>
    public static bool Initialize(int intraOpThreads, bool allowSpinning)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        lock (Gate)
        {
            if (_initialized)
            {
                return false;
            }

            if (OrtEnv.IsCreated)
            {
                throw new InvalidOperationException(
                    "ONNX Runtime's environment already exists without a global thread pool (a session or SessionOptions " +
                    "was created first); call SharedOrtEnvironment.Initialize before any other ONNX Runtime use");
            }

            using var threading = new OrtThreadingOptions
            {
                GlobalIntraOpNumThreads = intraOpThreads,
                GlobalInterOpNumThreads = 1,
                GlobalSpinControl = allowSpinning,
            };
            threading.SetGlobalDenormalAsZero();
            var creation = new EnvironmentCreationOptions
            {
                logId = "LocoformerVst",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                threadOptions = threading,
            };
            OrtEnv.CreateInstanceWithOptions(ref creation);
            Threads = intraOpThreads;
            _initialized = true;
            return true;
        }
    }
}
