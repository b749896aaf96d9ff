using System.Numerics;

namespace LocoformerVst.Dsp.Resampling;

/// <summary>
/// Streaming sample-rate converter (host rate to and from 44.1 kHz, or any pair from 8 to 768 kHz) with an exact,
/// integer group delay and deterministic output counts, so the real-time engine can report its latency exactly.
/// <para>
/// Why not NAudio's <c>WdlResampler</c>: in NAudio.Core 3.3.0 it resizes its input array whenever the block size or
/// its fill level changes (measured: 4.6 KB per call with varying host block sizes, a few bytes per call on average
/// even with fixed 512-frame blocks) and advances its read position by repeated floating-point addition, so it meets
/// neither the audio thread's zero-allocation rule nor exact counts. This is a polyphase Kaiser-windowed sinc
/// (64 zero crossings per side at the lower rate, about 100 dB stopband, flat passband to ~0.89 of the lower Nyquist);
/// it agrees with the WDL resampler to 108 dB on a 1 kHz sine and runs ~2.8x faster (see ResamplerBenchmarks).
/// </para>
/// <para>
/// Counting: with the ratio reduced to L/M (output/input), output j is the band-limited input evaluated at input time
/// (j - <see cref="LatencyFrames"/>) * M / L, and after T input frames exactly floor(T * L / M) outputs have been
/// produced in total; positions are kept as exact integers, so nothing drifts. <see cref="OutputCountFor"/> returns
/// what the next call will produce. The latency is the smallest integer delay for which every output is computable
/// as soon as it is due. Equal rates are a copy with zero latency.
/// </para>
/// </summary>
public sealed class StreamingResampler
{
    /// <summary>Lowest supported rate, Hz.</summary>
    public const int MinRate = 8_000;

    /// <summary>Highest supported rate, Hz.</summary>
    public const int MaxRate = 768_000;

    private const int ChunkFrames = 1024;

    private readonly long _l;
    private readonly long _m;
    private readonly bool _identity;
    private readonly ResamplerKernel? _kernel;
    private readonly float[][] _buffers;
    private readonly int _history;
    private readonly long _startPosition;
    private int _length;
    private long _position;   // next output's input time relative to buffer index 0, in units of 1/L input samples
    private long _credit;     // L per input frame, M per output frame: 0 <= _credit < M

    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> for interleaved or planar audio.</summary>
    public StreamingResampler(int inputRate, int outputRate, int channels)
    {
        ValidateRate(inputRate, nameof(inputRate));
        ValidateRate(outputRate, nameof(outputRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        InputRate = inputRate;
        OutputRate = outputRate;
        Channels = channels;
        long g = (long)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        _l = outputRate / g;
        _m = inputRate / g;
        _identity = inputRate == outputRate;
        _buffers = new float[channels][];
        if (_identity)
        {
            return;
        }

        _kernel = new ResamplerKernel(inputRate, outputRate, (int)_l);
        int kw = _kernel.HalfTaps;
        LatencyFrames = (int)CeilDiv(kw * _l, _m);
        // Zero history in front of the first input so output 0's taps (which reach before input 0) read silence.
        _history = kw - 1 + (int)CeilDiv(LatencyFrames * _m, _l);
        _startPosition = _history * _l - LatencyFrames * _m;
        int capacity = _history + 2 * kw + 2 * (int)CeilDiv(_m, _l) + 4 + ChunkFrames;
        for (int c = 0; c < channels; c++)
        {
            _buffers[c] = new float[capacity];
        }

        Reset();
    }

    /// <summary>Input rate, Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output rate, Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>Group delay in output frames: an input event at time t appears at output time t + LatencyFrames / OutputRate.</summary>
    public int LatencyFrames { get; }

    /// <summary>Input frames consumed since construction or <see cref="Reset"/>.</summary>
    public long TotalInputFrames { get; private set; }

    /// <summary>Output frames produced since construction or <see cref="Reset"/> (always floor(TotalInputFrames * OutputRate / InputRate)).</summary>
    public long TotalOutputFrames { get; private set; }

    /// <summary>Exactly how many frames the next <c>Process</c> call with <paramref name="inputFrames"/> input frames returns.</summary>
    public int OutputCountFor(int inputFrames) =>
        _identity ? inputFrames : (int)((_credit + inputFrames * _l) / _m);

    /// <summary>Upper bound of <see cref="OutputCountFor"/> over all states: ceil(inputFrames * OutputRate / InputRate).</summary>
    public int MaxOutputCountFor(int inputFrames) => (int)CeilDiv(inputFrames * _l, _m);

    /// <summary>The fewest input frames after which the next call returns at least <paramref name="outputFrames"/> frames.</summary>
    public int InputCountFor(int outputFrames)
    {
        if (_identity || outputFrames <= 0)
        {
            return Math.Max(outputFrames, 0);
        }

        return (int)Math.Max(0, CeilDiv(outputFrames * _m - _credit, _l));
    }

    /// <summary>Returns to the freshly constructed state (silent history, zero counts).</summary>
    public void Reset()
    {
        TotalInputFrames = 0;
        TotalOutputFrames = 0;
        _credit = 0;
        if (_identity)
        {
            return;
        }

        foreach (float[] b in _buffers)
        {
            Array.Clear(b);
        }

        _length = _history;
        _position = _startPosition;
    }

    /// <summary>
    /// Converts interleaved frames; writes exactly <see cref="OutputCountFor"/>(frames) interleaved frames and returns
    /// that count. Any block size works. Allocation-free.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        // audio thread
        int ch = Channels;
        int frames = input.Length / ch;
        if (frames * ch != input.Length || output.Length < OutputCountFor(frames) * ch)
        {
            throw new ArgumentException(
                $"input must hold whole {ch}-channel frames and output room for OutputCountFor({frames}) = {OutputCountFor(frames)} frames");
        }

        if (_identity)
        {
            input.CopyTo(output);
            Count(frames, frames);
            return frames;
        }

        int produced = 0;
        for (int done = 0; done < frames;)
        {
            int n = Math.Min(ChunkFrames, frames - done);
            for (int c = 0; c < ch; c++)
            {
                float[] buf = _buffers[c];
                for (int i = 0; i < n; i++)
                {
                    buf[_length + i] = input[(done + i) * ch + c];
                }
            }

            int count = Append(n);
            for (int c = 0; c < ch; c++)
            {
                for (int k = 0; k < count; k++)
                {
                    output[(produced + k) * ch + c] = Interpolate(_buffers[c], _position + k * _m);
                }
            }

            Consume(count);
            produced += count;
            done += n;
        }

        return produced;
    }

    /// <summary>
    /// Converts planar frames: <paramref name="inputFrames"/> from each <c>input[c]</c> at <paramref name="inputOffset"/>;
    /// writes exactly <see cref="OutputCountFor"/>(inputFrames) frames to each <c>output[c]</c> at
    /// <paramref name="outputOffset"/> and returns that count. Allocation-free.
    /// </summary>
    public int Process(float[][] input, int inputOffset, int inputFrames, float[][] output, int outputOffset)
    {
        // audio thread
        int expected = OutputCountFor(inputFrames);
        ValidatePlanar(input, inputOffset, inputFrames, output, outputOffset, expected);
        if (_identity)
        {
            for (int c = 0; c < Channels; c++)
            {
                Array.Copy(input[c], inputOffset, output[c], outputOffset, inputFrames);
            }

            Count(inputFrames, inputFrames);
            return inputFrames;
        }

        int produced = 0;
        for (int done = 0; done < inputFrames;)
        {
            int n = Math.Min(ChunkFrames, inputFrames - done);
            for (int c = 0; c < Channels; c++)
            {
                Array.Copy(input[c], inputOffset + done, _buffers[c], _length, n);
            }

            int count = Append(n);
            for (int c = 0; c < Channels; c++)
            {
                float[] buf = _buffers[c];
                float[] dst = output[c];
                int o = outputOffset + produced;
                for (int k = 0; k < count; k++)
                {
                    dst[o + k] = Interpolate(buf, _position + k * _m);
                }
            }

            Consume(count);
            produced += count;
            done += n;
        }

        return produced;
    }

    private static void ValidateRate(int rate, string name)
    {
        if (rate is < MinRate or > MaxRate)
        {
            throw new ArgumentOutOfRangeException(name, rate, $"sample rate must be between {MinRate} and {MaxRate} Hz");
        }
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private void ValidatePlanar(float[][] input, int inputOffset, int inputFrames, float[][] output, int outputOffset, int expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Length != Channels || output.Length != Channels || inputFrames < 0 || inputOffset < 0 || outputOffset < 0)
        {
            throw new ArgumentException($"expected {Channels} input and output channel arrays and non-negative offsets and counts");
        }

        for (int c = 0; c < Channels; c++)
        {
            if (input[c].Length < inputOffset + inputFrames || output[c].Length < outputOffset + expected)
            {
                throw new ArgumentException(
                    $"channel {c}: input needs {inputOffset + inputFrames} samples (has {input[c].Length}), output needs {outputOffset + expected} (has {output[c].Length})");
            }
        }
    }

    // Accepts n new input frames already copied behind _length; returns how many outputs are now due.
    private int Append(int n)
    {
        _length += n;
        _credit += n * _l;
        int count = (int)(_credit / _m);
        _credit -= count * _m;
        Count(n, count);
        return count;
    }

    private void Count(int inputFrames, int outputFrames)
    {
        TotalInputFrames += inputFrames;
        TotalOutputFrames += outputFrames;
    }

    // Advances past `count` outputs and drops input no later output can reach.
    private void Consume(int count)
    {
        _position += count * _m;
        int drop = (int)(_position / _l) - (_kernel!.HalfTaps - 1);
        if (drop <= 0)
        {
            return;
        }

        int keep = _length - drop;
        foreach (float[] buf in _buffers)
        {
            Array.Copy(buf, drop, buf, 0, keep);
        }

        _length = keep;
        _position -= drop * _l;
    }

    private float Interpolate(float[] buffer, long position)
    {
        ResamplerKernel k = _kernel!;
        long baseIndex = position / _l;
        long phase = position % _l;
        ReadOnlySpan<float> x = buffer.AsSpan((int)baseIndex - k.HalfTaps + 1, k.Taps);
        if (k.Exact)
        {
            return Dot(x, k.Table.AsSpan((int)phase * k.Taps, k.Taps));
        }

        long scaled = phase * k.Phases;
        int row = (int)(scaled / _l);
        float weight = (float)((double)(scaled % _l) / _l);
        float a = Dot(x, k.Table.AsSpan(row * k.Taps, k.Taps));
        float b = Dot(x, k.Table.AsSpan((row + 1) * k.Taps, k.Taps));
        return a + weight * (b - a);
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - width; i += width)
        {
            acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        float sum = Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
