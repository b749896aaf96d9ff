namespace LocoformerVst.Vst3.Module;

/// <summary>
/// Where a plugin assembly announces its plugins to the module exports, without reflection: call
/// <see cref="Register"/> from a <c>[ModuleInitializer]</c> in the plugin assembly, which NativeAOT runs when the
/// library loads (and the JIT before the assembly's first use).
/// </summary>
public static class PluginRegistry
{
    private static readonly Lock s_lock = new();
    private static readonly List<Func<AudioPluginBase>> s_factories = [];

    /// <summary>Adds a plugin; <paramref name="create"/> makes a fresh instance each time (processor, controller and
    /// one description instance each call it).</summary>
    public static void Register(Func<AudioPluginBase> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (s_lock)
        {
            if (!s_factories.Contains(create))
                s_factories.Add(create);
        }
    }

    internal static Func<AudioPluginBase>[] Snapshot()
    {
        lock (s_lock)
            return [.. s_factories];
    }
}
