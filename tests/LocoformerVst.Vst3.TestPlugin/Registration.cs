using System.Runtime.CompilerServices;
using LocoformerVst.Vst3.Module;

namespace LocoformerVst.Vst3.TestPlugin;

/// <summary>Announces the plugin to the module's VST3 exports when the library loads.</summary>
internal static class Registration
{
#pragma warning disable CA2255 // A plugin library is where a module initializer belongs: it is how the exports find the plugin.
    [ModuleInitializer]
    internal static void Register() => PluginRegistry.Register(static () => new GainDelayPlugin());
#pragma warning restore CA2255
}
