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

    public ProductBundleFixture()
    {
        RepoRoot = BundleBuilder.FindRepoRoot();
        string artifacts = Path.Combine(RepoRoot, "artifacts", "plugin-tests");
        HostPath = BundleBuilder.BuildHost(RepoRoot, Path.Combine(artifacts, "host"));
        BundlePath = Path.Combine(artifacts, "bundle", BundleName + ".vst3");
        string models = StageModels(Path.Combine(artifacts, "models"));
        string[] sources = ["LocoformerVst.Vst3", "LocoformerVst.Plugin", "LocoformerVst.Streaming", "LocoformerVst.Inference", "LocoformerVst.Dsp"];
        BundleBuilder.Publish(RepoRoot, Path.Combine("src", "LocoformerVst.Plugin", "LocoformerVst.Plugin.csproj"),
            Path.Combine(artifacts, "build"),
            [$"Vst3BundleOutput={Path.Combine(artifacts, "bundle")}", $"Vst3HostPath={HostPath}", $"LocoformerModelSource={models}"],
            [BinaryPath, Path.Combine(ResourcesPath, "moduleinfo.json")],
            sources.Select(name => Path.Combine("src", name)),
            [HostPath, .. Directory.EnumerateFiles(models)]);
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
}

/// <summary>The product bundle tests share one fixture (one publish per run).</summary>
[CollectionDefinition(Name)]
public sealed class ProductBundleCollection : ICollectionFixture<ProductBundleFixture>
{
    public const string Name = "Product bundle";
}
