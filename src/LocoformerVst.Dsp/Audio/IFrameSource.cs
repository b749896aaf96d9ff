namespace LocoformerVst.Dsp.Audio;

/// <summary>One decoder behind <see cref="AudioStreamReader"/>: yields interleaved float frames from its container.</summary>
internal interface IFrameSource : IDisposable
{
    int SampleRate { get; }

    int Channels { get; }

    /// <summary>Frames the file declares (WAV data chunk size; MP3 Xing/Info frame count or frame scan).</summary>
    long DeclaredFrames { get; }

    /// <summary>True when samples were stored as floats and may therefore be NaN or infinite.</summary>
    bool CanHoldNonFinite { get; }

    /// <summary>Reads up to <c>destination.Length / Channels</c> frames; returns frames read, 0 at the end.</summary>
    int Read(Span<float> destination);
}
