using System.Globalization;
using LocoformerVst.Inference.Runtime;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

/// <summary>The shared pool changes process-wide ORT state, so each case runs in a fresh child process.</summary>
public sealed class SharedOrtEnvironmentTests
{
    private static int Value(string output, string key)
    {
        string line = output.Split('\n').Single(l => l.StartsWith(key + "="));
        return int.Parse(line[(key.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Sessions_on_the_shared_pool_match_pytorch_and_initialization_happens_once()
    {
        (int exit, string output) = ChildProcess.Run("shared-pool-golden");

        Assert.True(exit == 0, output);
        Assert.Contains("created=True", output);
        Assert.Contains("createdAgain=False", output);
        foreach (string key in new[] { "maxDiffA", "maxDiffB" })
        {
            string line = output.Split('\n').Single(l => l.StartsWith(key + "="));
            double diff = double.Parse(line[(key.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            Assert.True(diff <= 1e-4, $"{key} = {diff}");
        }
    }

    [Fact]
    public void Sessions_on_the_shared_pool_start_no_threads_of_their_own()
    {
        (int exitShared, string shared) = ChildProcess.Run("thread-growth", "shared");
        (int exitOwn, string own) = ChildProcess.Run("thread-growth", "per-session");

        Assert.True(exitShared == 0, shared);
        Assert.True(exitOwn == 0, own);
        // Two intra-op threads per session = one pool worker each; three more sessions add three without sharing.
        Assert.True(Value(own, "added") >= 3, "per-session pools: " + own);
        Assert.True(Value(shared, "added") <= 1, "shared pool: " + shared);
    }

    [Fact]
    public void Initializing_after_onnx_runtime_was_used_is_rejected_with_the_fix()
    {
        (int exit, string output) = ChildProcess.Run("shared-pool-too-late");

        Assert.True(exit == 0, output);
        Assert.Contains("rejected=ONNX Runtime's environment already exists without a global thread pool", output);
    }

    [Fact]
    public void Shared_pool_sessions_require_initialization()
    {
        Assert.False(SharedOrtEnvironment.IsInitialized); // only child processes initialize it

        var e = Assert.Throws<InvalidOperationException>(
            () => SessionOptionsFactory.Create(new InferenceSettings { UseSharedThreadPool = true }));
        Assert.Contains("SharedOrtEnvironment.Initialize", e.Message);
    }
}
