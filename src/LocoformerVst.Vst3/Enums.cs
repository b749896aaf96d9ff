namespace LocoformerVst.Vst3;

/// <summary>How the host runs process(): at real-time rate, faster but with real-time quality, or offline (may block).</summary>
public enum ProcessMode
{
    Realtime = 0,
    Prefetch = 1,
    Offline = 2,
}

/// <summary>Direction of an audio bus.</summary>
public enum BusDirection
{
    Input = 0,
    Output = 1,
}

/// <summary>Main buses carry the signal a host routes by default; aux buses are side chains or extra outputs.</summary>
public enum BusType
{
    Main = 0,
    Aux = 1,
}

/// <summary>What a plugin asks the host to reload (IComponentHandler::restartComponent flags).</summary>
[Flags]
public enum RestartFlags
{
    None = 0,
    ReloadComponent = 1,
    IoChanged = 2,
    ParamValuesChanged = 4,
    LatencyChanged = 8,
    ParamTitlesChanged = 16,
}

/// <summary>VST3 ParameterInfo flags.</summary>
[Flags]
public enum ParameterFlags
{
    None = 0,
    CanAutomate = 1,
    IsReadOnly = 2,
    IsWrapAround = 4,
    IsList = 8,
    IsHidden = 16,
    IsProgramChange = 1 << 15,
    IsBypass = 1 << 16,
}

/// <summary>Which side of the VST3 split an <see cref="AudioPluginBase"/> instance serves: processor and controller are
/// separate instances of the same class, so a plugin can skip heavy work on the controller side.</summary>
public enum PluginRole
{
    /// <summary>Created only to describe the plugin (factory class tables); never initialized.</summary>
    Description = 0,
    Processor = 1,
    Controller = 2,
}
