using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;
using LocoformerVst.Vst3.Controller;
using LocoformerVst.Vst3.Processing;

namespace LocoformerVst.Vst3.Module;

/// <summary>One row of the factory's class table: what getClassInfo* reports and how createInstance builds it.</summary>
internal sealed class FactoryClass
{
    private readonly Func<AudioPluginBase> _create;

    private FactoryClass(AudioPluginBase description, Func<AudioPluginBase> create, PluginRole role)
    {
        _create = create;
        Role = role;
        bool processor = role == PluginRole.Processor;
        Cid = Tuid.FromGuid(processor ? description.ProcessorClassId : description.ControllerClassId);
        ControllerCid = Tuid.FromGuid(description.ControllerClassId);
        Category = processor ? Vst.AudioEffectCategory : Vst.ComponentControllerCategory;
        Name = description.Name;
        SubCategories = processor ? description.SubCategories : "";
        Vendor = description.Company;
        Version = description.Version;
    }

    public PluginRole Role { get; }
    public Tuid Cid { get; }
    public Tuid ControllerCid { get; }
    public string Category { get; }
    public string Name { get; }
    public string SubCategories { get; }
    public string Vendor { get; }
    public string Version { get; }

    /// <summary>The processor and controller rows of a registered plugin.</summary>
    public static (FactoryClass Processor, FactoryClass Controller, AudioPluginBase Description) Describe(
        Func<AudioPluginBase> create)
    {
        AudioPluginBase description = create();
        description.Role = PluginRole.Description;
        if (description.ProcessorClassId == description.ControllerClassId)
            throw new InvalidOperationException(
                $"{description.Name}: processor and controller need different class IDs; both are {description.ProcessorClassId}.");
        return (new FactoryClass(description, create, PluginRole.Processor),
            new FactoryClass(description, create, PluginRole.Controller), description);
    }

    /// <summary>A new COM object for this class, holding one reference.</summary>
    public ComObject CreateInstance()
    {
        AudioPluginBase plugin = _create();
        plugin.Role = Role;
        return Role == PluginRole.Processor
            ? new ProcessorComponent(plugin, ControllerCid)
            : new EditController(plugin);
    }
}
