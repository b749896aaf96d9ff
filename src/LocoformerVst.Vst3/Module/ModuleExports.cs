using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Com;

namespace LocoformerVst.Vst3.Module;

/// <summary>
/// The C exports a VST3 host looks up in the module: ModuleEntry/ModuleExit (Linux), InitDll/ExitDll (Windows),
/// bundleEntry/bundleExit (macOS) and GetPluginFactory, plus two diagnostics for tests. A NativeAOT library is never
/// unloaded, so entry/exit only count: they are balanced, may repeat, and a module re-entered after its last exit works
/// as before. Plugin projects export these by naming this assembly in UnmanagedEntryPointsAssembly (build/*.targets).
/// </summary>
public static unsafe class ModuleExports
{
    private static readonly Lock s_lock = new();
    private static int s_entryCount;
    private static PluginFactory? s_factory;

    [UnmanagedCallersOnly(EntryPoint = "ModuleEntry")]
    public static byte ModuleEntry(void* libraryHandle) => Enter();

    [UnmanagedCallersOnly(EntryPoint = "ModuleExit")]
    public static byte ModuleExit() => Exit();

    [UnmanagedCallersOnly(EntryPoint = "InitDll")]
    public static byte InitDll() => Enter();

    [UnmanagedCallersOnly(EntryPoint = "ExitDll")]
    public static byte ExitDll() => Exit();

    [UnmanagedCallersOnly(EntryPoint = "bundleEntry")]
    public static byte BundleEntry(void* bundleRef) => Enter();

    [UnmanagedCallersOnly(EntryPoint = "bundleExit")]
    public static byte BundleExit() => Exit();

    /// <summary>The factory with one new reference for the caller; the same object while any reference is held.</summary>
    [UnmanagedCallersOnly(EntryPoint = "GetPluginFactory")]
    public static void* GetPluginFactory()
    {
        try
        {
            lock (s_lock)
            {
                if (s_factory is null || !s_factory.TryAddRef())
                    s_factory = new PluginFactory(PluginRegistry.Snapshot(), OnFactoryReleased);
                return s_factory.GetInterface(0);
            }
        }
        catch (Exception e)
        {
            ComObject.Failure(e);
            return null;
        }
    }

    /// <summary>Managed bytes allocated so far by the calling thread in this module's runtime: lets an out-of-process
    /// test assert that process() allocates nothing in the plugin's own GC heap.</summary>
    [UnmanagedCallersOnly(EntryPoint = "LocoformerVst_AllocatedBytesForCurrentThread")]
    public static long AllocatedBytesForCurrentThread() => GC.GetAllocatedBytesForCurrentThread();

    /// <summary>COM objects of this module not yet finally released: lets a test check that refcounts reach zero.</summary>
    [UnmanagedCallersOnly(EntryPoint = "LocoformerVst_LiveObjectCount")]
    public static int LiveObjectCount() => ComObject.LiveObjectCount;

    private static byte Enter()
    {
        lock (s_lock)
            s_entryCount++;
        return 1;
    }

    private static byte Exit()
    {
        lock (s_lock)
        {
            if (s_entryCount == 0)
                return 0; // an exit without an entry: refuse rather than underflow
            s_entryCount--;
            return 1;
        }
    }

    private static void OnFactoryReleased(PluginFactory factory)
    {
        lock (s_lock)
        {
            if (ReferenceEquals(s_factory, factory))
                s_factory = null;
        }
    }
}
