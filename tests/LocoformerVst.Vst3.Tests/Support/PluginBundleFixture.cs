namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>
/// Builds, once per test run, what the bundle tests load: the native C host (CMake) and the test plugin published with
/// NativeAOT into a .vst3 bundle whose moduleinfo.json the host writes from the real binary. Both live under
/// artifacts/vst3-tests with their own obj/bin (no collision with the IDE or solution build), and the publish is
/// skipped while the bundle is newer than every source it is made from.
/// </summary>
public sealed class PluginBundleFixture
{
    public const string BundleName = "LocoformerVstTest";

    public PluginBundleFixture()
    {
        RepoRoot = BundleBuilder.FindRepoRoot();
        string artifacts = Path.Combine(RepoRoot, "artifacts", "vst3-tests");
        HostPath = BundleBuilder.BuildHost(RepoRoot, Path.Combine(artifacts, "host"));
        BundlePath = Path.Combine(artifacts, "bundle", BundleName + ".vst3");
        BundleBuilder.Publish(RepoRoot, Path.Combine("tests", "LocoformerVst.Vst3.TestPlugin", "LocoformerVst.Vst3.TestPlugin.csproj"),
            Path.Combine(artifacts, "build"),
            [$"Vst3BundleOutput={Path.Combine(artifacts, "bundle")}", $"Vst3HostPath={HostPath}"],
            [BinaryPath, ModuleInfoPath],
            [Path.Combine("src", "LocoformerVst.Vst3"), Path.Combine("tests", "LocoformerVst.Vst3.TestPlugin")],
            [HostPath]);
        WorkDirectory = Directory.CreateTempSubdirectory("vst3-tests-").FullName;
    }

    public string RepoRoot { get; }
    public string HostPath { get; }
    public string BundlePath { get; }
    public string BinaryPath => Path.Combine(BundlePath, "Contents", "x86_64-linux", BundleName + ".so");
    public string ModuleInfoPath => Path.Combine(BundlePath, "Contents", "Resources", "moduleinfo.json");

    /// <summary>A scratch folder for this run's WAV and state files.</summary>
    public string WorkDirectory { get; }

    public string TempPath(string name) => Path.Combine(WorkDirectory, name);

    /// <summary>Runs vst3host on the bundle with <paramref name="arguments"/>.</summary>
    public HostRun RunHost(params string[] arguments)
    {
        ProcessRunner.Output output = ProcessRunner.Run(HostPath, [BundlePath, .. arguments], TimeSpan.FromMinutes(2));
        return new HostRun(output);
    }
}

/// <summary>The bundle tests share one fixture and run one at a time (they share the in-process native module).</summary>
[CollectionDefinition(Name)]
public sealed class BundleCollection : ICollectionFixture<PluginBundleFixture>
{
    public const string Name = "VST3 bundle";
}
