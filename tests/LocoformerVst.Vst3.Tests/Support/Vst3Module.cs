using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Module;

namespace LocoformerVst.Vst3.Tests.Support;

/// <summary>
/// A VST3 module's C exports as function pointers: either looked up in the real NativeAOT .so (its own runtime and GC,
/// loaded into this process) or taken from <see cref="ModuleExports"/> in this process (JIT), so the same host code
/// tests both.
/// </summary>
public sealed unsafe class Vst3Module
{
    private Vst3Module(string description, nint entry, nint exit, nint getFactory, nint allocatedBytes, nint liveObjects)
    {
        Description = description;
        Entry = (delegate* unmanaged<void*, byte>)entry;
        Exit = (delegate* unmanaged<byte>)exit;
        GetFactory = (delegate* unmanaged<void*>)getFactory;
        AllocatedBytesOnThisThread = (delegate* unmanaged<long>)allocatedBytes;
        LiveObjectCount = (delegate* unmanaged<int>)liveObjects;
    }

    public string Description { get; }
    public delegate* unmanaged<void*, byte> Entry { get; }
    public delegate* unmanaged<byte> Exit { get; }
    public delegate* unmanaged<void*> GetFactory { get; }
    public delegate* unmanaged<long> AllocatedBytesOnThisThread { get; }
    public delegate* unmanaged<int> LiveObjectCount { get; }

    public static Vst3Module LoadNative(string soPath)
    {
        nint library = NativeLibrary.Load(soPath);
        return new Vst3Module(soPath,
            NativeLibrary.GetExport(library, "ModuleEntry"),
            NativeLibrary.GetExport(library, "ModuleExit"),
            NativeLibrary.GetExport(library, "GetPluginFactory"),
            NativeLibrary.GetExport(library, "LocoformerVst_AllocatedBytesForCurrentThread"),
            NativeLibrary.GetExport(library, "LocoformerVst_LiveObjectCount"));
    }

    /// <summary>The exports of the JIT-compiled binding, with the plugin of <paramref name="pluginType"/>'s assembly
    /// registered as its module initializer does (a parameter, so that this file compiles without the test plugin).</summary>
    public static Vst3Module Managed(Type pluginType)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(pluginType.Module.ModuleHandle);
        return new Vst3Module("JIT",
            (nint)(delegate* unmanaged<void*, byte>)&ModuleExports.ModuleEntry,
            (nint)(delegate* unmanaged<byte>)&ModuleExports.ModuleExit,
            (nint)(delegate* unmanaged<void*>)&ModuleExports.GetPluginFactory,
            (nint)(delegate* unmanaged<long>)&ModuleExports.AllocatedBytesForCurrentThread,
            (nint)(delegate* unmanaged<int>)&ModuleExports.LiveObjectCount);
    }

    public override string ToString() => Description;
}
