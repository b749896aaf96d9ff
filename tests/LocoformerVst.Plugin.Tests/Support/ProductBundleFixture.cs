using LocoformerVst.Vst3.Tests.Support;

namespace LocoformerVst.Plugin.Tests.Support;

/// <summary>
/// Builds, once per test run, the product bundle the host tests load: the native C host (CMake) and
/// src/LocoformerVst.Plugin published with NativeAOT into artifacts/plugin-tests/bundle/LocoformerVst.vst3, with
/// libonnxruntime beside the binary and the test models identity-2stem (standing in for the 2-stem model) and
/// lite-5stem-random in Contents/Resources/models. The publish uses its own artifacts path (no collision with the
/// solution build, no shared build lock) and is skipped while the bundle is newer than every source it comes from.
/// </summary>
public sealed class ProductBundleFixture
{
    public const string BundleName = "LocoformerVst";
    public static readonly string[] TestModels = ["identity-2stem", "lite-5stem-random"];
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public ProductBundleFixture()
    {
        RepoRoot = FindRepoRoot();
        string artifacts = Path.Combine(RepoRoot, "artifacts", "plugin-tests");
        HostPath = BuildHost(Path.Combine(artifacts, "host"));
        BundlePath = Path.Combine(artifacts, "bundle", BundleName + ".vst3");
        string models = StageModels(Path.Combine(artifacts, "models"));
        Publish(Path.Combine(artifacts, "build"), Path.Combine(artifacts, "bundle"), models);
        WorkDirectory = Directory.CreateTempSubdirectory("plugin-tests-").FullName;
    }

    public string RepoRoot { get; }
    public string HostPath { get; }
    public string BundlePath { get; }
    public string BinaryDirectory => Path.Combine(BundlePath, "Contents", "x86_64-linux");
    public string BinaryPath => Path.Combine(BinaryDirectory, BundleName + ".so");
    public string ResourcesPath => Path.Combine(BundlePath, "Contents", "Resources");

    /// <summary>A scratch folder for this run's WAV, state and preset files.</summary>
    public string WorkDirectory { get; }

    public string TempPath(string name) => Path.Combine(WorkDirectory, name);

    /// <summary>Runs vst3host on the bundle; <paramref name="environment"/> adds or removes (null) variables.</summary>
    public HostRun RunHost(IReadOnlyDictionary<string, string?>? environment, string? workingDirectory, params string[] arguments) =>
        new(ProcessRunner.Run(HostPath, [BundlePath, .. arguments], TimeSpan.FromMinutes(2), workingDirectory,
            environment ?? new Dictionary<string, string?> { ["LOCOFORMER_MODEL_DIR"] = null }));

    public HostRun RunHost(params string[] arguments) => RunHost(null, null, arguments);

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

    // Only these two models, so that the 2-stem choice deterministically falls back to the identity model.
    private string StageModels(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (string stale in Directory.EnumerateFiles(directory))
        {
            if (!TestModels.Contains(Path.GetFileNameWithoutExtension(stale)))
                File.Delete(stale);
        }
        foreach (string model in TestModels)
        {
            foreach (string ext in new[] { ".json", ".onnx" })
            {
                string from = Path.Combine(RepoRoot, "tests", "fixtures", "models", model + ext);
                string to = Path.Combine(directory, model + ext);
                if (!File.Exists(to) || File.GetLastWriteTimeUtc(to) < File.GetLastWriteTimeUtc(from))
                    File.Copy(from, to, overwrite: true);
            }
        }
        return directory;
    }

    private void Publish(string artifactsPath, string bundleOutput, string models)
    {
        if (IsUpToDate(models))
            return;
        string project = Path.Combine(RepoRoot, "src", "LocoformerVst.Plugin", "LocoformerVst.Plugin.csproj");
        // No build servers or node reuse: a lingering child would keep this test run's output pipes open.
        ProcessRunner.Output output = ProcessRunner.Run("dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--artifacts-path", artifactsPath,
             $"-p:Vst3BundleOutput={bundleOutput}", $"-p:Vst3HostPath={HostPath}", $"-p:LocoformerModelSource={models}",
             "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false", "--nologo"],
            BuildTimeout, RepoRoot, ChildBuildEnvironment());
        Check(output, "dotnet publish of the plugin");
        if (!File.Exists(BinaryPath))
            throw new InvalidOperationException($"The publish did not produce {BinaryPath}.\n{output}");
    }

    private bool IsUpToDate(string models)
    {
        string moduleInfo = Path.Combine(ResourcesPath, "moduleinfo.json");
        if (!File.Exists(BinaryPath) || !File.Exists(moduleInfo))
            return false;
        DateTime built = File.GetLastWriteTimeUtc(BinaryPath);
        string[] roots = ["LocoformerVst.Vst3", "LocoformerVst.Plugin", "LocoformerVst.Streaming", "LocoformerVst.Inference", "LocoformerVst.Dsp"];
        string sep = Path.DirectorySeparatorChar.ToString();
        IEnumerable<string> sources = roots
            .SelectMany(root => Directory.EnumerateFiles(Path.Combine(RepoRoot, "src", root), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{sep}bin{sep}") && !path.Contains($"{sep}obj{sep}"))
            .Concat(Directory.EnumerateFiles(models))
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

/// <summary>The product bundle tests share one fixture (one publish per run).</summary>
[CollectionDefinition(Name)]
public sealed class ProductBundleCollection : ICollectionFixture<ProductBundleFixture>
{
    public const string Name = "Product bundle";
}
