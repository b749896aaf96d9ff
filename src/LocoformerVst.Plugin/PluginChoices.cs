namespace LocoformerVst.Plugin;

/// <summary>What the plugin does with the signal (the Mode parameter).</summary>
public enum PluginMode
{
    /// <summary>Main output = the selected stem.</summary>
    Separate = 0,

    /// <summary>Main output = the cleaned signal of a cleaning model (dialogue repair).</summary>
    Clean = 1,

    /// <summary>Main output = the mix rebuilt from every stem with the selected stem raised.</summary>
    Enhance = 2,
}

/// <summary>Which part of the mix the main output plays (the Stem parameter).</summary>
public enum StemChoice
{
    Vocals = 0,
    Drums = 1,
    Bass = 2,
    Instruments = 3,
    Fx = 4,
    Instrumental = 5,
}

/// <summary>Which separation model runs (the Model parameter).</summary>
public enum ModelChoice
{
    TwoStem = 0,
    FiveStem = 1,
}

/// <summary>The engine's state as the read-only Status parameter shows it.</summary>
public enum EngineStatus
{
    Inactive = 0,
    Running = 1,

    /// <summary>Running, but on another model than the one asked for (e.g. trained models not shipped yet).</summary>
    RunningStandIn = 2,

    /// <summary>No usable model in the models folder: audio passes through unchanged.</summary>
    NoModel = 3,

    /// <summary>A model was found but could not be opened: audio passes through unchanged.</summary>
    LoadFailed = 4,
}

/// <summary>The execution device as the read-only Device parameter shows it.</summary>
public enum DeviceCode
{
    None = 0,
    Cpu = 1,
    Cuda = 2,
    DirectML = 3,
    CoreML = 4,
}
