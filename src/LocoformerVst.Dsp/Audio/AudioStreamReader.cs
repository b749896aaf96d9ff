namespace LocoformerVst.Dsp.Audio;

/// <summary>
/// Reads a WAV or MP3 file a block of frames at a time, so long files are processed with bounded memory. The
/// container is detected from the content. Float samples that are NaN or infinite are rejected with an
/// <see cref="AudioFormatException"/> naming the frame and channel (a decoder cannot guess what the value meant, and
/// passing it on would poison every later stage); a file that ends before its declared length is reported as
/// truncated when the end is reached.
/// </summary>
public sealed class AudioStreamReader : IDisposable
{
    private const int ScratchFrames = 4096;

    private readonly IFrameSource _source;
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private float[] _scratch = [];
    private bool _reachedEnd;

    private AudioStreamReader(IFrameSource source, Stream stream, bool ownsStream, string name, AudioContainer container)
    {
        _source = source;
        _stream = stream;
        _ownsStream = ownsStream;
        Name = name;
        Container = container;
    }

    /// <summary>The path or name used in error messages.</summary>
    public string Name { get; }

    /// <summary>The detected container.</summary>
    public AudioContainer Container { get; }

    /// <summary>Frames per second.</summary>
    public int SampleRate => _source.SampleRate;

    /// <summary>Number of channels.</summary>
    public int Channels => _source.Channels;

    /// <summary>Frames the file declares; reading stops there, and fewer is reported as truncation.</summary>
    public long LengthFrames => _source.DeclaredFrames;

    /// <summary>Frames read so far.</summary>
    public long Position { get; private set; }

    /// <summary>Opens a file; the container is detected from its content.</summary>
    public static AudioStreamReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Open(stream, path, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens a stream; a non-seekable stream is first copied into memory.</summary>
    public static AudioStreamReader Open(Stream stream, string name, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        bool owns = !leaveOpen;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (owns)
            {
                stream.Dispose();
            }

            stream = copy;
            owns = true;
        }

        try
        {
            AudioContainer container = DetectContainer(stream, name);
            IFrameSource source = container == AudioContainer.Wav
                ? new WavFrameSource(stream, name)
                : new Mp3FrameSource(stream, name);
            return new AudioStreamReader(source, stream, owns, name, container);
        }
        catch
        {
            if (owns)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Reads up to <c>destination.Length / Channels</c> interleaved frames; returns the frames read, 0 at the end.
    /// </summary>
    /// <exception cref="AudioFormatException">Non-finite sample, corrupt data, or the file ended early.</exception>
    public int ReadFrames(Span<float> destination)
    {
        int channels = Channels;
        long remaining = LengthFrames - Position;
        int want = (int)Math.Min(destination.Length / channels, remaining);
        if (want <= 0)
        {
            return 0;
        }

        int frames = _source.Read(destination[..(want * channels)]);
        if (_source.CanHoldNonFinite)
        {
            CheckFinite(destination[..(frames * channels)]);
        }

        Position += frames;
        if (frames < want && !_reachedEnd)
        {
            _reachedEnd = true;
            throw new AudioFormatException(Name,
                $"truncated {Container}: decoding ended after {Position} of the {LengthFrames} frames the file declares");
        }

        return frames;
    }

    /// <summary>Reads up to <paramref name="frames"/> frames into planar arrays at <paramref name="offset"/>; returns frames read.</summary>
    public int ReadFrames(float[][] destination, int offset, int frames)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Length != Channels)
        {
            throw new ArgumentException($"expected {Channels} channel arrays, got {destination.Length}", nameof(destination));
        }

        int channels = Channels;
        int total = 0;
        while (total < frames)
        {
            int chunk = Math.Min(frames - total, ScratchFrames);
            if (_scratch.Length < chunk * channels)
            {
                _scratch = new float[ScratchFrames * channels];
            }

            int n = ReadFrames(_scratch.AsSpan(0, chunk * channels));
            for (int c = 0; c < channels; c++)
            {
                float[] dst = destination[c];
                int o = offset + total;
                for (int i = 0; i < n; i++)
                {
                    dst[o + i] = _scratch[i * channels + c];
                }
            }

            total += n;
            if (n < chunk)
            {
                break;
            }
        }

        return total;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _source.Dispose();
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private static AudioContainer DetectContainer(Stream stream, string name)
    {
        stream.Position = 0;
        Span<byte> header = stackalloc byte[AudioContainerDetector.HeaderBytes];
        int got = 0;
        while (got < header.Length)
        {
            int n = stream.Read(header[got..]);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        stream.Position = 0;
        return AudioContainerDetector.Detect(header[..got], name);
    }

    private void CheckFinite(ReadOnlySpan<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                long frame = Position + i / Channels;
                int channel = i % Channels;
                throw new AudioFormatException(Name,
                    $"sample at frame {frame}, channel {channel} is {samples[i]}; float audio must be finite " +
                    "(NaN/Inf samples are rejected rather than replaced, since no replacement is right)");
            }
        }
    }
}
