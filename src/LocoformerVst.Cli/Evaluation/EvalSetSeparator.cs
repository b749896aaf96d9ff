using System.Globalization;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;

namespace LocoformerVst.Cli.Evaluation;

/// <summary>
/// `eval SET --separate`: writes an evaluation set's estimates with the offline engine that `separate` uses, so that
/// an ONNX model is scored on exactly the audio the product would give (EVAL.md: "a system under evaluation reads
/// mix.wav, writes estimate/&lt;stem&gt;.wav at the mix's length").
/// </summary>
/// <remarks>
/// Every track runs as a separation job over all of the model's stems (<see cref="StemSelection.ModelStems"/>): the
/// raw stems, with neither the clean task's limiter nor enhance's polish, as eval.py's own `separate` writes them.
/// The engine writes 32-bit float WAV at the mix's rate, channel count and exact length, each file staged and
/// renamed into place; the jobs' outputs carry a hidden, unique base name in the track's estimate folder and are then
/// renamed to &lt;stem&gt;.wav, replacing an older estimate in one step. Model stems the set does not score are deleted.
/// </remarks>
internal sealed class EvalSetSeparator(OfflineEngine engine, ModelEntry model, IReadOnlyDictionary<string, string> stemMap)
{
    /// <summary>
    /// Separates every track of <paramref name="set"/> in order. <paramref name="log"/> hears a line as each track
    /// starts and ends; <paramref name="progress"/> hears the engine's progress (the mix path and a fraction).
    /// </summary>
    /// <exception cref="AudioFormatException">A mix is not audio the engine can read.</exception>
    /// <exception cref="FileNotFoundException">A track has no mix.wav.</exception>
    /// <exception cref="ModelLoadException">The model cannot be loaded or run on the mix's channels.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the current track's files are not left behind.</exception>
    public void Run(EvalSet set, Action<string> log, Action<string, double>? progress, CancellationToken cancellation)
    {
        for (int t = 0; t < set.Tracks.Count; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            string track = set.Tracks[t];
            string label = $"{track} ({t + 1}/{set.Tracks.Count})";
            log($"{label}: separating with {model.Name}");
            OfflineResult result = SeparateTrack(set, track, progress, cancellation);
            log(string.Format(CultureInfo.InvariantCulture, "{0}: {1:F1} s of audio in {2:F1} s ({3:F2}x real time)",
                label, result.Input.Duration.TotalSeconds, result.Elapsed.TotalSeconds, result.RealTimeFactor));
        }
    }

    private OfflineResult SeparateTrack(EvalSet set, string track, Action<string, double>? progress, CancellationToken cancellation)
    {
        string mix = set.MixPath(track);
        var request = new OfflineRequest
        {
            Task = OfflineTask.Separate,
            InputPath = mix,
            OutputDirectory = set.EstimateFolder(track),
            // Hidden and unique: these names never collide with <stem>.wav or with a concurrent run.
            OutputName = $".separate-{Guid.NewGuid():N}",
            Model = model,
            Stems = StemSelection.ModelStems,
            Format = WavSampleFormat.Float32,
        };
        IProgress<double>? sink = progress is null ? null : new CallbackProgress(f => progress(mix, f));
        OfflineResult result = engine.Run(request, sink, cancellation);
        var written = result.Outputs.Where(o => o.Kind == OfflineOutputKind.Audio).ToList();
        var placed = new Dictionary<string, string>(StringComparer.Ordinal); // model stem -> the estimate it became
        try
        {
            foreach (string stem in set.Stems)
            {
                string modelStem = stemMap[stem];
                string final = set.EstimatePath(track, stem);
                if (placed.TryGetValue(modelStem, out string? earlier))
                {
                    // Two scored stems from one model stem: copy beside the target, then rename, so it is atomic too.
                    string temp = Path.Combine(Path.GetDirectoryName(final)!, $".{stem}.{Guid.NewGuid():N}.tmp");
                    try
                    {
                        File.Copy(earlier, temp);
                        File.Move(temp, final, overwrite: true);
                    }
                    catch
                    {
                        TryDelete(temp);
                        throw;
                    }

                    continue;
                }

                OfflineOutput output = written.First(o => o.Name == modelStem);
                File.Move(output.Path, final, overwrite: true);
                placed[modelStem] = final;
            }
        }
        finally
        {
            foreach (OfflineOutput output in written)
            {
                TryDelete(output.Path); // the stems the set does not score (or all of them, after a failed rename)
            }
        }

        return result;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the name is hidden and unique, so a leftover is never read as an estimate.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Reports on the engine's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class CallbackProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
