using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace LocoformerVst.Inference.Native;

/// <summary>
/// Makes ONNX Runtime load its native library from a chosen folder. A NativeAOT plug-in needs this: ORT's own resolver
/// looks beside AppContext.BaseDirectory, which in a NativeAOT shared library is the *host's* folder, so a DAW in
/// another folder fails with TypeInitializationException (locoformer.md §8). Call
/// <see cref="UseLibraryDirectory"/> with the plug-in binary's folder before any other ONNX Runtime use.
/// </summary>
public static class OnnxRuntimeLoader
{
    /// <summary>The library name ORT's P/Invokes use (NativeMethods.DllName on desktop platforms).</summary>
    internal const string OrtImportName = "onnxruntime";

    private static readonly Lock Gate = new();
    private static string? _libraryPath;
    private static IntPtr _handle;

    /// <summary>The library file loaded from the chosen directory, or null while ORT resolves it itself.</summary>
    public static string? LibraryPath => _libraryPath;

    /// <summary>The ONNX Runtime library's file name on this OS.</summary>
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so";

    /// <summary>Full path of the ONNX Runtime library inside <paramref name="directory"/>.</summary>
    public static string LibraryPathIn(string directory) => Path.Combine(Path.GetFullPath(directory), LibraryFileName);

    /// <summary>
    /// Routes ORT's P/Invokes to the library in <paramref name="directory"/>. Idempotent for the same directory and
    /// thread-safe. Throws FileNotFoundException if the library is not there, and InvalidOperationException if ORT
    /// was already initialized or another directory was chosen before.
    /// </summary>
    public static void UseLibraryDirectory(string directory)
    {
        string path = LibraryPathIn(directory);
        lock (Gate)
        {
            if (_libraryPath is not null)
            {
                if (string.Equals(_libraryPath, path, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException(
                    $"ONNX Runtime is already bound to '{_libraryPath}'; it cannot be switched to '{path}' in one process");
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"ONNX Runtime library '{path}' not found; it must ship beside the plug-in binary", path);
            }

            // Must precede the first touch of ORT's NativeMethods, whose static constructor installs ORT's resolver.
            OrtEnv.DisableDllImportResolver = true;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, Resolve);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    "ONNX Runtime was used before OnnxRuntimeLoader.UseLibraryDirectory (its resolver is already set); " +
                    "call UseLibraryDirectory first, before any session, SessionOptions or OrtEnv use", e);
            }

            _libraryPath = path;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!IsOnnxRuntime(libraryName))
        {
            return IntPtr.Zero; // other libraries (e.g. ORT extensions): default probing
        }

        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                // Loading by full path: the dynamic loader then also finds libonnxruntime_providers_shared beside it.
                _handle = NativeLibrary.Load(_libraryPath!);
            }

            return _handle;
        }
    }

    internal static bool IsOnnxRuntime(string libraryName) =>
        libraryName is OrtImportName or "libonnxruntime" or "libonnxruntime.so" or "onnxruntime.dll" or "libonnxruntime.dylib";
}
