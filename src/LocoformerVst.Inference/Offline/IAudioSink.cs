namespace LocoformerVst.Inference.Offline;

/// <summary>Where a processing pass sends interleaved audio at the file's rate: a file, meters, a plot, a limiter.</summary>
internal interface IAudioSink
{
    void Write(ReadOnlySpan<float> interleaved);

    /// <summary>The stream has ended (stages with latency release their tail here).</summary>
    void Complete();
}
