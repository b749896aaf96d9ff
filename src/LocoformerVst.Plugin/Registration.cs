using System.Runtime.CompilerServices;
using LocoformerVst.Vst3.Module;

namespace LocoformerVst.Plugin;

/// <summary>Runs when the library loads: binds ONNX Runtime to the bundled library, then announces the plugin.</summary>
internal static class Registration
{
#pragma warning disable CA2255 // A plugin library is where a module initializer belongs: it is how the exports find the plugin.
    [ModuleInitializer]
    internal static void Register()
    {
        PluginLocation.Initialize();
        PluginRegistry.Register(static () => new LocoformerPlugin());
    }
#pragma warning restore CA2255
}
