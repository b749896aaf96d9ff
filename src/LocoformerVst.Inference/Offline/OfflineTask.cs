namespace LocoformerVst.Inference.Offline;

/// <summary>What an offline job does with a file.</summary>
public enum OfflineTask
{
    /// <summary>Writes stems (see <see cref="StemSelection"/>); they sum to the mix, so no polish is applied.</summary>
    Separate,

    /// <summary>Keeps the clean stem of a cleaning model, behind the soft limiter.</summary>
    Clean,

    /// <summary>Separates, remixes with a preset's stem gains, then polishes (loudness normalization + soft limiter).</summary>
    Enhance,
}

/// <summary>Which stems a separation job writes.</summary>
public enum StemSelection
{
    /// <summary>Every stem of the model, as the model names them.</summary>
    ModelStems,

    /// <summary>Vocals and instrumental; a model without an instrumental stem gives the sum of its non-vocal stems.</summary>
    VocalsAndInstrumental,

    /// <summary>Vocals, drums, bass, instruments and fx: needs a 5-stem model.</summary>
    FiveStems,
}
