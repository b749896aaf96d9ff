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
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public PluginBundleFixture()
    {
        RepoRoot = FindRepoRoot();
        string artifacts = Path.Combine(RepoRoot, "artifacts", "vst3-tests");
        HostPath = BuildHost(Path.Combine(artifacts, "host"));
        BundlePath = Path.Combine(artifacts, "bundle", BundleName + ".vst3");
        PublishBundle(Path.Combine(artifacts, "build"), Path.Combine(artifacts, "bundle"));
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

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LocoformerVst.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No LocoformerVst.sln above {AppContext.BaseDirectory}.");
    }

    private string BuildHost(string buildDirectory)
    {
        string source = Path.Combine(RepoRoot, "native");
        Check(ProcessRunner.Run("cmake", ["-S", source, "-B", buildDirectory, "-DCMAKE_BUILD_TYPE=Release"], BuildTimeout),
            "cmake configure");
        Check(ProcessRunner.Run("cmake", ["--build", buildDirectory, "--target", "vst3host", "-j", "2"], BuildTimeout),
            "cmake build");
        return Path.Combine(buildDirectory, "vst3host");
    }

    private void PublishBundle(string artifactsPath, string bundleOutput)
    {
        if (IsUpToDate())
            return;
        string project = Path.Combine(RepoRoot, "tests", "LocoformerVst.Vst3.TestPlugin", "LocoformerVst.Vst3.TestPlugin.csproj");
        // No build servers or node reuse: a lingering child would keep this test run's output pipes open.
        ProcessRunner.Output output = ProcessRunner.Run("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--artifacts-path", artifactsPath,
             $"-p:Vst3BundleOutput={bundleOutput}", $"-p:Vst3HostPath={HostPath}", "--disable-build-servers",
             "-nodeReuse:false", "-p:UseSharedCompilation=false", "--nologo"],
            BuildTimeout, RepoRoot, ChildBuildEnvironment());
        Check(output, "dotnet publish of the test plugin");
        if (!File.Exists(BinaryPath) || !File.Exists(ModuleInfoPath))
            throw new InvalidOperationException($"The publish did not produce {BinaryPath} and {ModuleInfoPath}.\n{output}");
    }

    private bool IsUpToDate()
    {
        if (!File.Exists(BinaryPath) || !File.Exists(ModuleInfoPath))
            return false;
        DateTime built = File.GetLastWriteTimeUtc(BinaryPath);
        string[] roots =
        [
            Path.Combine(RepoRoot, "src", "LocoformerVst.Vst3"),
            Path.Combine(RepoRoot, "tests", "LocoformerVst.Vst3.TestPlugin"),
        ];
        IEnumerable<string> sources = roots
            .SelectMany(root => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Concat([Path.Combine(RepoRoot, "Directory.Build.props"), Path.Combine(RepoRoot, "Directory.Packages.props"), HostPath]);
        return sources.All(path => File.GetLastWriteTimeUtc(path) < built);
    }

    // The test host process carries MSBuild variables of the `dotnet test` that started it; a nested build must not
    // inherit them (they point it at the parent's MSBuild node and SDK resolution state).
    private static Dictionary<string, string?> ChildBuildEnvironment()
    {
        var environment = new Dictionary<string, string?>();
        foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                environment[key] = null;
        }
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    private static void Check(ProcessRunner.Output output, string step)
    {
        if (output.ExitCode != 0)
            throw new InvalidOperationException($"{step} failed.\n{output}");
    }
}

/// <summary>The bundle tests share one fixture and run one at a time (they share the in-process native module).</summary>
[CollectionDefinition(Name)]
public sealed class BundleCollection : ICollectionFixture<PluginBundleFixture>
{
    public const string Name = "VST3 bundle";
}
