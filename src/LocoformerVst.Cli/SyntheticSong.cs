using LocoformerVst.Dsp.Audio;

namespace LocoformerVst.Cli;

/// <summary>
/// A generated stereo song for `demo` and `bench`: drums (kick, snare, hi-hat), a bass line, a chord pad and a
/// sung-like melody over a four-chord loop at 120 bpm. Every sample is a pure function of its index (noise comes
/// from an integer hash), so a song of any length streams to disk in blocks, and two runs write identical files.
/// </summary>
internal static class SyntheticSong
{
    public const int SampleRate = 44_100;
    private const double Beat = 0.5; // seconds at 120 bpm
    private static readonly double[] Roots = [110.0, 87.31, 130.81, 98.0]; // A2, F2, C3, G2: one bar each
    private static readonly int[][] Chords = [[0, 3, 7], [0, 4, 7], [0, 4, 7], [0, 4, 7]]; // Am, F, C, G
    private static readonly int[] Melody = [12, 15, 19, 17, 15, 12, 10, 12]; // semitones over A2, one per beat

    /// <summary>Writes <paramref name="seconds"/> of the song as a stereo WAV file (atomically).</summary>
    public static void Write(string path, double seconds, WavSampleFormat format = WavSampleFormat.Int16)
    {
        long frames = (long)Math.Round(seconds * SampleRate);
        using var writer = new WavStreamWriter(path, SampleRate, 2, format);
        var block = new float[8192 * 2];
        for (long start = 0; start < frames; start += 8192)
        {
            int n = (int)Math.Min(8192, frames - start);
            for (int i = 0; i < n; i++)
            {
                (block[2 * i], block[2 * i + 1]) = Frame(start + i);
            }

            writer.WriteFrames(block.AsSpan(0, 2 * n));
        }

        writer.Commit();
    }

    /// <summary>The stereo frame at sample <paramref name="i"/>.</summary>
    public static (float Left, float Right) Frame(long i)
    {
        double t = (double)i / SampleRate;
        int beat = (int)(t / Beat);
        double inBeat = t - beat * Beat;
        int bar = beat / 4 % 4;
        double root = Roots[bar];

        double kick = Kick(inBeat);
        double snare = beat % 2 == 1 ? Snare(inBeat, i) : 0;
        double hat = Hat(t % (Beat / 2), i);
        double bass = 0.28 * Envelope(inBeat, 0.01, 0.4) * (Math.Sin(2 * Math.PI * root * t) + 0.3 * Math.Sin(4 * Math.PI * root * t));
        double pad = 0;
        foreach (int step in Chords[bar])
        {
            double f = 2 * root * Math.Pow(2, step / 12.0);
            pad += 0.05 * (Math.Sin(2 * Math.PI * f * t) + 0.4 * Math.Sin(4 * Math.PI * f * t + 0.5));
        }

        double voice = Voice(t, beat);
        double drums = 0.5 * kick + 0.25 * snare + 0.06 * hat;
        double left = drums + bass + 0.8 * pad + voice * 0.9;
        double right = drums + bass + 1.2 * pad + voice * 0.9 + 0.03 * hat;
        return ((float)(0.7 * left), (float)(0.7 * right));
    }

    private static double Kick(double t) => Math.Sin(2 * Math.PI * (45 * t + 75 * 0.04 * (1 - Math.Exp(-t / 0.04)))) * Math.Exp(-t / 0.15);

    private static double Snare(double t, long i) => (0.6 * Noise(i) + 0.4 * Math.Sin(2 * Math.PI * 190 * t)) * Math.Exp(-t / 0.12);

    // Differenced noise: a crude high-pass, so the hat sits at the top of the spectrum.
    private static double Hat(double t, long i) => (Noise(i) - Noise(i - 1)) * Math.Exp(-t / 0.03);

    /// <summary>A sung-like line: a vibrato tone whose harmonics follow two formants, phrased four beats on, four off.</summary>
    private static double Voice(double t, int beat)
    {
        if (beat / 4 % 2 == 1)
        {
            return 0;
        }

        double inNote = t - beat * Beat;
        double f0 = 110 * Math.Pow(2, Melody[beat % Melody.Length] / 12.0);
        double phase = 2 * Math.PI * (f0 * t + 0.8 * Math.Sin(2 * Math.PI * 5.5 * t) / (2 * Math.PI * 5.5) * f0 * 0.03);
        double sum = 0;
        for (int h = 1; h <= 8; h++)
        {
            double f = h * f0;
            double formants = Math.Exp(-Math.Pow((f - 700) / 250, 2)) + 0.6 * Math.Exp(-Math.Pow((f - 1200) / 300, 2)) + 0.1 / h;
            sum += formants * Math.Sin(h * phase);
        }

        return 0.12 * Envelope(inNote, 0.04, 0.45) * sum;
    }

    private static double Envelope(double t, double attack, double length) =>
        t < attack ? t / attack : Math.Max(0, 1 - (t - attack) / (length - attack));

    /// <summary>Uniform noise in [-1, 1) from an integer hash of the sample index (SplitMix64's finalizer).</summary>
    private static double Noise(long i)
    {
        ulong z = unchecked((ulong)i * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (2.0 / (1UL << 53)) - 1;
    }
}
