namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>
/// What the bundle fixtures of the Vst3 and Plugin tests share: finding the repository, building the native C host,
/// and a NativeAOT publish into the fixture's own artifacts path that is skipped while the binary is newer than every
/// source it comes from.
/// </summary>
public static class BundleBuilder
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LocoformerVst.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No LocoformerVst.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Configures and builds vst3host with CMake into <paramref name="buildDirectory"/>; returns its path.</summary>
    public static string BuildHost(string repoRoot, string buildDirectory)
    {
        string source = Path.Combine(repoRoot, "native");
        Check(ProcessRunner.Run("cmake", ["-S", source, "-B", buildDirectory, "-DCMAKE_BUILD_TYPE=Release"], BuildTimeout),
            "cmake configure");
        Check(ProcessRunner.Run("cmake", ["--build", buildDirectory, "--target", "vst3host", "-j", "2"], BuildTimeout),
            "cmake build");
        return Path.Combine(buildDirectory, "vst3host");
    }

    /// <summary>
    /// Publishes <paramref name="project"/> (relative to the repository) for linux-x64 with <paramref name="properties"/>
    /// unless every file in <paramref name="outputs"/> exists and is newer than every file under
    /// <paramref name="sourceFolders"/> (relative to the repository, bin/obj excluded) and <paramref name="inputs"/>.
    /// </summary>
    public static void Publish(string repoRoot, string project, string artifactsPath, IEnumerable<string> properties,
        IReadOnlyList<string> outputs, IEnumerable<string> sourceFolders, IEnumerable<string> inputs)
    {
        if (IsUpToDate(repoRoot, outputs, sourceFolders, inputs))
            return;
        // No build servers or node reuse: a lingering child would keep this test run's output pipes open.
        ProcessRunner.Output output = ProcessRunner.Run("dotnet",
            ["publish", Path.Combine(repoRoot, project), "-c", "Release", "-r", "linux-x64", "--artifacts-path", artifactsPath,
             .. properties.Select(p => "-p:" + p), "--disable-build-servers", "-nodeReuse:false",
             "-p:UseSharedCompilation=false", "--nologo"],
            BuildTimeout, repoRoot, ChildBuildEnvironment());
        Check(output, $"dotnet publish of {Path.GetFileName(project)}");
        foreach (string file in outputs)
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"The publish did not produce {file}.\n{output}");
        }
    }

    public static void Check(ProcessRunner.Output output, string step)
    {
        if (output.ExitCode != 0)
            throw new InvalidOperationException($"{step} failed.\n{output}");
    }

    private static bool IsUpToDate(string repoRoot, IReadOnlyList<string> outputs, IEnumerable<string> sourceFolders, IEnumerable<string> inputs)
    {
        if (!outputs.All(File.Exists))
            return false;
        DateTime built = outputs.Min(File.GetLastWriteTimeUtc);
        string sep = Path.DirectorySeparatorChar.ToString();
        IEnumerable<string> sources = sourceFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(repoRoot, folder), "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{sep}bin{sep}") && !path.Contains($"{sep}obj{sep}"))
            .Concat(inputs)
            .Concat([Path.Combine(repoRoot, "Directory.Build.props"), Path.Combine(repoRoot, "Directory.Packages.props")]);
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
}
