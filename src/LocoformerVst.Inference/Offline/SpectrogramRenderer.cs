using LocoformerVst.Dsp.Spectral;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// Builds a spectrogram image of a signal streamed through it once (input or stem), for `--plot`: memory is the
/// image grid plus one FFT frame, whatever the length. Time runs left to right over the whole signal; frequency runs
/// bottom to top on a log axis from 30 Hz to 20 kHz (or Nyquist); colour is power in dB over the top 80 dB of the
/// image.
/// </summary>
/// <remarks>
/// The channels are averaged to mono. A Hann-windowed 2048-point FFT is taken every <see cref="Hop"/> samples (at
/// least four per column, at most every 512 samples) and its power is averaged into the column holding the frame's
/// centre; each row reads the power linearly interpolated between the two nearest bins.
/// </remarks>
public sealed class SpectrogramRenderer
{
    /// <summary>Image height in pixels (frequency rows).</summary>
    public const int Height = 256;

    /// <summary>Widest image, pixels.</summary>
    public const int MaxWidth = 1024;

    private const int MinWidth = 16;
    private const int FftSize = 2048;
    private const double MinFrequency = 30;
    private const double MaxFrequency = 20_000;
    private const double RangeDb = 80;

    private readonly int _channels;
    private readonly long _totalFrames;
    private readonly RealFft _fft = new(FftSize);
    private readonly float[] _window = new float[FftSize];
    private readonly float[] _ring = new float[FftSize];
    private readonly float[] _frame = new float[FftSize];
    private readonly float[] _re = new float[FftSize / 2 + 1];
    private readonly float[] _im = new float[FftSize / 2 + 1];
    private readonly double[] _rowBin = new double[Height];
    private readonly float[] _grid;
    private readonly int[] _counts;
    private long _position;

    /// <param name="sampleRate">Rate of the signal.</param>
    /// <param name="channels">Channels of the interleaved frames passed to <see cref="Add"/>.</param>
    /// <param name="totalFrames">Length of the whole signal (fixes the time axis before streaming starts).</param>
    public SpectrogramRenderer(int sampleRate, int channels, long totalFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalFrames, 1);
        _channels = channels;
        _totalFrames = totalFrames;
        Width = (int)Math.Clamp(totalFrames / 256, MinWidth, MaxWidth);
        Hop = (int)Math.Clamp(totalFrames / (4L * Width), 64, 512);
        _grid = new float[Width * Height];
        _counts = new int[Width];
        for (int i = 0; i < FftSize; i++)
        {
            _window[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / FftSize));
        }

        double top = Math.Min(MaxFrequency, sampleRate / 2.0);
        double bottom = Math.Min(MinFrequency, top / 2);
        for (int row = 0; row < Height; row++)
        {
            double f = top * Math.Pow(bottom / top, row / (Height - 1.0));
            _rowBin[row] = Math.Min(f * FftSize / sampleRate, FftSize / 2);
        }
    }

    /// <summary>Image width in pixels (time columns).</summary>
    public int Width { get; }

    /// <summary>Samples between FFT frames.</summary>
    public int Hop { get; }

    /// <summary>Adds interleaved frames.</summary>
    public void Add(ReadOnlySpan<float> interleaved)
    {
        int frames = interleaved.Length / _channels;
        float scale = 1f / _channels;
        for (int i = 0; i < frames; i++)
        {
            float mono = 0;
            for (int c = 0; c < _channels; c++)
            {
                mono += interleaved[i * _channels + c];
            }

            _ring[(int)(_position % FftSize)] = mono * scale;
            _position++;
            if (_position % Hop == 0)
            {
                Analyze();
            }
        }
    }

    /// <summary>Writes the image as a PNG (may be called more than once).</summary>
    public void WritePng(Stream destination)
    {
        // A column no FFT frame landed in (only at the very end of a short signal) repeats the previous one.
        var source = new int[Width];
        for (int col = 0; col < Width; col++)
        {
            source[col] = _counts[col] > 0 || col == 0 ? col : source[col - 1];
        }

        double max = double.Epsilon;
        for (int col = 0; col < Width; col++)
        {
            for (int row = 0; row < Height; row++)
            {
                max = Math.Max(max, Power(source[col], row));
            }
        }

        double topDb = 10 * Math.Log10(max);
        var rgb = new byte[Width * Height * 3];
        for (int col = 0; col < Width; col++)
        {
            for (int row = 0; row < Height; row++)
            {
                double db = 10 * Math.Log10(Math.Max(Power(source[col], row), 1e-30));
                double t = Math.Clamp(1 + (db - topDb) / RangeDb, 0, 1);
                Colormap.Inferno(t, rgb.AsSpan((row * Width + col) * 3, 3));
            }
        }

        PngEncoder.Write(destination, Width, Height, rgb);
    }

    private double Power(int col, int row) => _counts[col] == 0 ? 0 : (double)_grid[col * Height + row] / _counts[col];

    private void Analyze()
    {
        int start = (int)(_position % FftSize); // oldest sample in the ring
        for (int i = 0; i < FftSize; i++)
        {
            _frame[i] = _ring[(start + i) % FftSize] * _window[i];
        }

        _fft.Forward(_frame, _re, _im);
        long centre = Math.Max(0, _position - FftSize / 2);
        int col = (int)Math.Min(Width - 1, centre * Width / _totalFrames);
        Span<float> column = _grid.AsSpan(col * Height, Height);
        for (int row = 0; row < Height; row++)
        {
            double bin = _rowBin[row];
            int k = (int)bin;
            int k1 = Math.Min(k + 1, FftSize / 2);
            double w = bin - k;
            double p0 = (double)_re[k] * _re[k] + (double)_im[k] * _im[k];
            double p1 = (double)_re[k1] * _re[k1] + (double)_im[k1] * _im[k1];
            column[row] += (float)(p0 + w * (p1 - p0));
        }

        _counts[col]++;
    }
}
