using NAudio.Wave;

namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Writes a WAV file block by block with bounded memory and publishes it atomically: frames go to a temporary file
/// in the destination folder, <see cref="Commit"/> finalizes the header and moves it into place, and disposing
/// without committing deletes it (the destination keeps its old content, or stays absent).
/// Plain format tags are written (PCM = 1, IEEE float = 3) rather than WAVE_FORMAT_EXTENSIBLE, because every WAV
/// reader (including Python's <c>wave</c>) accepts them. Non-finite samples are refused, as the readers refuse them.
/// </summary>
public sealed class WavStreamWriter : IDisposable
{
    private const int ChunkFrames = 4096;

    private readonly AtomicFile _file;
    private readonly WaveFileWriter _writer;
    private readonly PcmEncoding _encoding;
    private readonly byte[] _bytes;
    private readonly float[] _interleaved;
    private bool _finished;

    /// <summary>Starts a new file; nothing appears at <paramref name="path"/> until <see cref="Commit"/>.</summary>
    public WavStreamWriter(string path, int sampleRate, int channels, WavSampleFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _encoding = PcmCodec.ForWrite(format);
        SampleRate = sampleRate;
        Channels = channels;
        Format = format;
        WaveFormat waveFormat = format == WavSampleFormat.Float32
            ? WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels)
            : new WaveFormat(sampleRate, 8 * PcmCodec.BytesPerSample(_encoding), channels);
        _bytes = new byte[ChunkFrames * channels * PcmCodec.BytesPerSample(_encoding)];
        _interleaved = new float[ChunkFrames * channels];
        _file = new AtomicFile(path);
        try
        {
            _writer = new WaveFileWriter(_file.Stream, waveFormat);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>The sample encoding.</summary>
    public WavSampleFormat Format { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Appends interleaved frames (<c>samples.Length</c> must be a multiple of <see cref="Channels"/>).</summary>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    public void WriteFrames(ReadOnlySpan<float> interleaved)
    {
        ThrowIfFinished();
        if (interleaved.Length % Channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {Channels}-channel frames", nameof(interleaved));
        }

        CheckFinite(interleaved);
        int sampleBytes = PcmCodec.BytesPerSample(_encoding);
        int step = ChunkFrames * Channels;
        for (int start = 0; start < interleaved.Length; start += step)
        {
            ReadOnlySpan<float> part = interleaved.Slice(start, Math.Min(step, interleaved.Length - start));
            Span<byte> bytes = _bytes.AsSpan(0, part.Length * sampleBytes);
            PcmCodec.Encode(part, bytes, _encoding);
            _writer.Write(bytes);
        }

        FramesWritten += interleaved.Length / Channels;
    }

    /// <summary>Appends <paramref name="frames"/> frames from planar arrays starting at <paramref name="offset"/>.</summary>
    public void WriteFrames(float[][] planar, int offset, int frames)
    {
        ArgumentNullException.ThrowIfNull(planar);
        if (planar.Length != Channels)
        {
            throw new ArgumentException($"expected {Channels} channel arrays, got {planar.Length}", nameof(planar));
        }

        for (int done = 0; done < frames;)
        {
            int n = Math.Min(ChunkFrames, frames - done);
            for (int c = 0; c < Channels; c++)
            {
                ReadOnlySpan<float> src = planar[c].AsSpan(offset + done, n);
                for (int i = 0; i < n; i++)
                {
                    _interleaved[i * Channels + c] = src[i];
                }
            }

            WriteFrames(_interleaved.AsSpan(0, n * Channels));
            done += n;
        }
    }

    /// <summary>Appends a whole buffer (its rate and channel count must match the writer's).</summary>
    public void WriteFrames(AudioBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.SampleRate != SampleRate)
        {
            throw new ArgumentException($"buffer is {buffer.SampleRate} Hz but the file is {SampleRate} Hz", nameof(buffer));
        }

        WriteFrames(buffer.Samples, 0, buffer.Length);
    }

    /// <summary>Finalizes the header, flushes to disk and moves the file to its destination.</summary>
    public void Commit()
    {
        ThrowIfFinished();
        _finished = true;
        try
        {
            _writer.Dispose();
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        _file.Commit();
    }

    /// <summary>Abandons an uncommitted file (its temporary file is deleted); after <see cref="Commit"/> does nothing.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            try
            {
                _writer.Dispose();
            }
            catch (IOException)
            {
                // The file is being discarded; a failure to finalize its header does not matter.
            }
        }

        _file.Dispose();
    }

    private void ThrowIfFinished() => ObjectDisposedException.ThrowIf(_finished, this);

    private void CheckFinite(ReadOnlySpan<float> interleaved)
    {
        for (int i = 0; i < interleaved.Length; i++)
        {
            if (!float.IsFinite(interleaved[i]))
            {
                throw new ArgumentException(
                    $"sample at frame {FramesWritten + i / Channels}, channel {i % Channels} is {interleaved[i]}; " +
                    "only finite samples can be written (the readers reject NaN/Inf)", nameof(interleaved));
            }
        }
    }
}
