using System.Runtime.InteropServices;
using LocoformerVst.Inference.Native;
using LocoformerVst.Inference.Tests.Support;

namespace LocoformerVst.Inference.Tests;

public sealed class OnnxRuntimeLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The library NuGet copied into this test's output (runtimes/&lt;rid&gt;/native).</summary>
    private static string PackagedLibraryDirectory()
    {
        string rid = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-" +
                     RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native");
    }

    /// <summary>A "plug-in folder" holding a copy of the ONNX Runtime libraries and nothing else.</summary>
    private string PluginFolderWithLibrary()
    {
        string plugin = _dir.Sub("plugin");
        foreach (string file in Directory.GetFiles(PackagedLibraryDirectory()))
        {
            File.Copy(file, Path.Combine(plugin, Path.GetFileName(file)));
        }

        return plugin;
    }

    [Fact]
    public void Library_path_uses_the_platform_file_name()
    {
        string expected = OperatingSystem.IsLinux() ? "libonnxruntime.so" : OperatingSystem.IsWindows() ? "onnxruntime.dll" : "libonnxruntime.dylib";

        Assert.Equal(expected, OnnxRuntimeLoader.LibraryFileName);
        Assert.Equal(Path.Combine(_dir.Path, expected), OnnxRuntimeLoader.LibraryPathIn(_dir.Path));
        Assert.True(File.Exists(OnnxRuntimeLoader.LibraryPathIn(PackagedLibraryDirectory())));
    }

    [Fact]
    public void A_directory_without_the_library_is_rejected_before_anything_is_registered()
    {
        var e = Assert.Throws<FileNotFoundException>(() => OnnxRuntimeLoader.UseLibraryDirectory(_dir.Path));

        Assert.Contains($"'{OnnxRuntimeLoader.LibraryPathIn(_dir.Path)}' not found", e.Message);
        Assert.Null(OnnxRuntimeLoader.LibraryPath);
    }

    [Theory]
    [InlineData("onnxruntime", true)]
    [InlineData("libonnxruntime.so", true)]
    [InlineData("ortextensions", false)]
    [InlineData("libc", false)]
    public void Only_onnx_runtime_imports_are_redirected(string name, bool redirected) =>
        Assert.Equal(redirected, OnnxRuntimeLoader.IsOnnxRuntime(name));

    [Fact]
    public void Resolver_loads_onnx_runtime_from_the_given_directory_in_a_fresh_process()
    {
        string plugin = PluginFolderWithLibrary();

        (int exit, string output) = ChildProcess.Run("loader-from-directory", plugin);

        Assert.True(exit == 0, output);
        Assert.Contains("result=1.5,-2,4", output);
        string[] loaded = output.Split('\n').Where(l => l.StartsWith("loaded=")).Select(l => l["loaded=".Length..].Trim()).ToArray();
        Assert.Contains(Path.Combine(plugin, "libonnxruntime.so"), loaded);
        Assert.DoesNotContain(loaded, p => p.StartsWith(PackagedLibraryDirectory(), StringComparison.Ordinal));
    }

    [Fact]
    public void Choosing_a_directory_after_onnx_runtime_was_used_is_rejected_with_the_fix()
    {
        (int exit, string output) = ChildProcess.Run("loader-after-ort-used", PluginFolderWithLibrary());

        Assert.True(exit == 0, output);
        Assert.Contains("rejected=ONNX Runtime was used before OnnxRuntimeLoader.UseLibraryDirectory", output);
    }

    [Fact]
    public void Module_locator_finds_the_folder_of_a_loaded_native_library()
    {
        string library = OnnxRuntimeLoader.LibraryPathIn(PackagedLibraryDirectory());
        IntPtr handle = NativeLibrary.Load(library);
        IntPtr function = NativeLibrary.GetExport(handle, "OrtGetApiBase");

        Assert.Equal(library, NativeModuleLocator.ModulePathOf(function));
        Assert.Equal(PackagedLibraryDirectory(), NativeModuleLocator.DirectoryOf(function));
    }

    [Fact]
    public void Module_locator_returns_null_for_addresses_outside_any_module()
    {
        Assert.Null(NativeModuleLocator.DirectoryOf(IntPtr.Zero));
        Assert.Null(NativeModuleLocator.DirectoryOf(new IntPtr(0x10)));
    }
}
