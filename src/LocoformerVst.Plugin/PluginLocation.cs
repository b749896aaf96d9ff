using LocoformerVst.Inference.Native;
using LocoformerVst.Vst3.Module;

namespace LocoformerVst.Plugin;

/// <summary>
/// Where the plugin binary lives, learned from the address of one of its own exports, and the ONNX Runtime binding
/// to the libonnxruntime beside it. Must run before any ONNX Runtime type is touched (the module initializer calls
/// <see cref="Initialize"/>): a NativeAOT library's AppContext.BaseDirectory is the host's folder, not ours.
/// </summary>
public static unsafe class PluginLocation
{
    /// <summary>The folder holding the plugin binary (Contents/x86_64-linux in a bundle); null under JIT (tests).</summary>
    public static string? BinaryDirectory { get; private set; }

    /// <summary>Why ONNX Runtime could not be bound to the bundled library, or null.</summary>
    public static string? OrtBindingError { get; private set; }

    /// <summary>Environment variable that overrides the models folder (read at every activation).</summary>
    public const string ModelDirectoryVariable = "LOCOFORMER_MODEL_DIR";

    internal static void Initialize()
    {
        try
        {
            // GetPluginFactory is exported from this very binary, so dladdr on it names our .so, wherever it was loaded from.
            nint anchor = (nint)(delegate* unmanaged<void*>)&ModuleExports.GetPluginFactory;
            string? directory = NativeModuleLocator.DirectoryOf(anchor);
            BinaryDirectory = directory;
            if (directory is not null && File.Exists(OnnxRuntimeLoader.LibraryPathIn(directory)))
                OnnxRuntimeLoader.UseLibraryDirectory(directory);
        }
        catch (Exception e)
        {
            // A module initializer that throws takes the host down; the activation reports this instead.
            OrtBindingError = e.Message;
        }
    }

    /// <summary>The models folder an activation scans: the override, else the bundle's Contents/Resources/models.</summary>
    public static string? ModelDirectoryOverride =>
        Environment.GetEnvironmentVariable(ModelDirectoryVariable) is { Length: > 0 } dir ? dir : null;
}
