namespace LocoformerVst.Dsp.Audio;

/// <summary>The file containers the readers decode; chosen from the file's first bytes, never from its extension.</summary>
public enum AudioContainer
{
    /// <summary>RIFF/WAVE.</summary>
    Wav,

    /// <summary>MPEG audio (an ID3v2 tag or an MPEG frame sync at the start).</summary>
    Mp3,
}
