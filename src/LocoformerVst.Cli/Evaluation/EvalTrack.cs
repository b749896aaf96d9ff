using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Spectral;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// One track of an evaluation set in memory: the mix and every reference source, checked to share the set's rate
/// and the mix's channels and length, so the metrics never see mismatched shapes. Estimates are read on demand.
/// </summary>
internal sealed class EvalTrack
{
    private readonly EvalSet set;

    private EvalTrack(EvalSet set, string name, float[][] mix, float[][][] references)
    {
        this.set = set;
        Name = name;
        Mix = mix;
        References = references;
    }

    /// <summary>The track's folder name.</summary>
    public string Name { get; }

    /// <summary>mix.wav, planar.</summary>
    public float[][] Mix { get; }

    /// <summary>The references in the order of <see cref="EvalSet.Sources"/>.</summary>
    public IReadOnlyList<float[][]> References { get; }

    /// <summary>Reads the mix and the references of <paramref name="track"/>.</summary>
    /// <exception cref="EvalSetException">A file is missing or disagrees with the set or the mix.</exception>
    /// <exception cref="AudioFormatException">A file is not audio the readers accept.</exception>
    public static EvalTrack Load(EvalSet set, string track)
    {
        AudioBuffer mix = Read(set, set.MixPath(track), $"the mix of track '{track}'", like: null);
        int shortest = StftSettings.Default.MinSignalLength;
        if (mix.Length < shortest)
        {
            throw new EvalSetException(set.MixPath(track),
                $"has {mix.Length} samples; the oracle mask's STFT (centre reflect padding) needs at least {shortest}");
        }

        float[][][] references = [.. set.Sources.Select(s =>
            Read(set, set.ReferencePath(track, s), $"source '{s}' of track '{track}'", mix).Samples)];
        return new EvalTrack(set, track, mix.Samples, references);
    }

    /// <summary>Whether the system under evaluation wrote <paramref name="stem"/> for this track.</summary>
    public bool HasEstimate(string stem) => File.Exists(set.EstimatePath(Name, stem));

    /// <summary>Reads estimate/<paramref name="stem"/>.wav, which must match the mix (EVAL.md: written at the mix's length).</summary>
    public float[][] ReadEstimate(string stem)
    {
        var like = new AudioBuffer(Mix, set.SampleRate);
        return Read(set, set.EstimatePath(Name, stem), $"the estimate of stem '{stem}' of track '{Name}'", like).Samples;
    }

    private static AudioBuffer Read(EvalSet set, string path, string what, AudioBuffer? like)
    {
        if (!File.Exists(path))
        {
            throw new EvalSetException(path, $"does not exist; set.json implies it as {what}");
        }

        AudioBuffer audio = AudioFile.Read(path);
        if (audio.SampleRate != set.SampleRate)
        {
            throw new EvalSetException(path, $"is {audio.SampleRate} Hz; the set is {set.SampleRate} Hz (set.json sampleRate)");
        }

        if (like is not null && (audio.Channels != like.Channels || audio.Length != like.Length))
        {
            throw new EvalSetException(path,
                $"has {audio.Channels} channel(s) of {audio.Length} samples, but the track's mix.wav has {like.Channels} of {like.Length}; " +
                "every file of a track must have the mix's channels and length");
        }

        return audio;
    }
}
