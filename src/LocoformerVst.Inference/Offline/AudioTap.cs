using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Inference.Offline;

/// <summary>The end of a processing chain: writes the audio to a WAV file (optional), meters it and plots it (optional).</summary>
internal sealed class AudioTap : IAudioSink
{
    private readonly int _channels;

    public AudioTap(int sampleRate, int channels, long totalFrames, WavStreamWriter? writer, bool plot)
    {
        _channels = channels;
        Writer = writer;
        Analyzer = new SignalAnalyzer(sampleRate, channels);
        Spectrogram = plot ? new SpectrogramRenderer(sampleRate, channels, Math.Max(1, totalFrames)) : null;
    }

    public WavStreamWriter? Writer { get; }

    public SignalAnalyzer Analyzer { get; }

    public SpectrogramRenderer? Spectrogram { get; }

    public long FramesWritten { get; private set; }

    public void Write(ReadOnlySpan<float> interleaved)
    {
        Writer?.WriteFrames(interleaved);
        Analyzer.Add(interleaved);
        Spectrogram?.Add(interleaved);
        FramesWritten += interleaved.Length / _channels;
    }

    public void Complete()
    {
    }
}
