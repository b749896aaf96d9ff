using System.Diagnostics;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Inference.Chunking;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Inference.Offline;

/// <summary>
/// The offline file engine behind the CLI and the HTTP server: a request goes in, a job runs with progress and
/// cancellation, and a result with the written files and quality metrics comes out.
/// </summary>
/// <remarks>
/// <para>Files of any length stream through with bounded memory: blocks are read with <see cref="AudioStreamReader"/>,
/// converted to 44.1 kHz, separated in overlapping chunks by the same <see cref="ChunkedSeparationPipeline"/> as the
/// plug-in (with the manifest's recommended chunking), converted back to the input's rate and written with
/// <see cref="WavStreamWriter"/>. Outputs have the input's rate, channel count and exact length.</para>
/// <para>Enhance takes two passes: the remix is written to a hidden float scratch file while its loudness is measured,
/// then read back through the gain and the limiter. A job's files appear together when it succeeds; a failed or
/// cancelled job leaves none (see <see cref="OutputStaging"/>).</para>
/// <para>Thread-safe: concurrent jobs each get their own model session.</para>
/// </remarks>
public sealed class OfflineEngine : IDisposable
{
    private const double SeparationShare = 0.9; // progress share of enhance's first pass

    private readonly SessionPool _sessions;

    public OfflineEngine(OfflineEngineOptions? options = null)
    {
        options ??= new OfflineEngineOptions();
        options.Inference.Validate();
        _sessions = new SessionPool(options.Inference, Math.Max(0, options.MaxIdleSessionsPerModel));
    }

    /// <summary>Runs <paramref name="request"/> on a thread-pool thread; see <see cref="Run"/>.</summary>
    public Task<OfflineResult> RunAsync(OfflineRequest request, IProgress<double>? progress = null, CancellationToken cancellation = default) =>
        Task.Run(() => Run(request, progress, cancellation), cancellation);

    /// <summary>
    /// Processes one file. <paramref name="progress"/> receives increasing fractions, ending at exactly 1 once the
    /// files are in place; it is called on the processing thread.
    /// </summary>
    /// <exception cref="AudioFormatException">The input is not audio the engine can read (the message says why).</exception>
    /// <exception cref="InputTooLongException">The input is longer than <see cref="OfflineRequest.MaxDuration"/>.</exception>
    /// <exception cref="ModelLoadException">The model cannot be loaded or lacks the stems the request needs.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no output file was left behind.</exception>
    public OfflineResult Run(OfflineRequest request, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellation.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        var tracker = new ProgressTracker(progress);

        using AudioStreamReader reader = OpenInput(request);
        IReadOnlyList<OutputSpec> outputs = OutputLayout.For(request);
        CheckChannels(request.Model.Manifest, reader);
        ChunkPlan plan = ChunkPlan.FromManifest(request.Model.Manifest);

        bool createdDirectory = !Directory.Exists(request.OutputDirectory);
        Directory.CreateDirectory(request.OutputDirectory);
        ChunkSession? session = null;
        try
        {
            session = _sessions.Rent(request.Model, plan.TotalFrames);
            using var staging = new OutputStaging(request.OutputDirectory);
            JobOutcome outcome;
            using (cancellation.Register(session.Cancel))
            {
                outcome = request.Task == OfflineTask.Enhance
                    ? RunEnhance(request, reader, session, plan, outputs[0], staging, tracker, cancellation)
                    : RunSinglePass(request, reader, session, plan, outputs, staging, tracker, cancellation);
            }

            // A cancellation that raced the end of the last run may have armed the session's terminate flag.
            cancellation.ThrowIfCancellationRequested();
            staging.CommitAll();
            _sessions.Return(session);
            session = null;
            tracker.Complete();
            return new OfflineResult
            {
                Task = request.Task,
                InputPath = Path.GetFullPath(request.InputPath),
                Input = new AudioDescription(reader.Container.ToString(), reader.SampleRate, reader.Channels, reader.LengthFrames),
                Model = request.Model.Name,
                Plan = plan,
                Preset = request.Task == OfflineTask.Enhance ? request.Preset.Name : null,
                Outputs = outcome.Outputs,
                Quality = outcome.Quality,
                Chunks = outcome.Chunks,
                NonFiniteSamples = outcome.NonFiniteSamples,
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
        catch
        {
            session?.Dispose();
            if (createdDirectory)
            {
                TryRemoveEmptyDirectory(request.OutputDirectory);
            }

            throw;
        }
    }

    public void Dispose() => _sessions.Dispose();

    private static AudioStreamReader OpenInput(OfflineRequest request)
    {
        if (!File.Exists(request.InputPath))
        {
            throw new FileNotFoundException($"input file '{request.InputPath}' does not exist", request.InputPath);
        }

        AudioStreamReader reader = AudioStreamReader.Open(request.InputPath);
        try
        {
            string name = request.InputPath;
            if (reader.Channels is < 1 or > 2)
            {
                throw new AudioFormatException(name, $"{reader.Channels} channels; supported: mono or stereo");
            }

            if (reader.SampleRate is < StreamingResampler.MinRate or > StreamingResampler.MaxRate)
            {
                throw new AudioFormatException(name,
                    $"sample rate {reader.SampleRate} Hz; supported: {StreamingResampler.MinRate} to {StreamingResampler.MaxRate} Hz");
            }

            if (reader.LengthFrames <= 0)
            {
                throw new AudioFormatException(name, "the file contains no audio frames");
            }

            var duration = TimeSpan.FromSeconds((double)reader.LengthFrames / reader.SampleRate);
            if (request.MaxDuration is TimeSpan max && duration > max)
            {
                throw new InputTooLongException(name, duration, max);
            }

            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private static void CheckChannels(ModelManifest model, AudioStreamReader reader)
    {
        if (model.Channels < reader.Channels)
        {
            throw new ModelLoadException(
                $"model '{model.Name}' takes {model.Channels}-channel audio; it cannot process the {reader.Channels}-channel '{reader.Name}'");
        }
    }

    /// <summary>Separate and clean: one streaming pass, straight into the output files.</summary>
    private static JobOutcome RunSinglePass(OfflineRequest request, AudioStreamReader reader, ChunkSession session, ChunkPlan plan,
        IReadOnlyList<OutputSpec> outputs, OutputStaging staging, ProgressTracker tracker, CancellationToken cancellation)
    {
        int rate = reader.SampleRate, channels = reader.Channels;
        long length = reader.LengthFrames;
        var writers = new List<WavStreamWriter>();
        try
        {
            var inputTap = new AudioTap(rate, channels, length, null, request.Plot);
            var taps = new List<AudioTap>();
            var sinks = new List<IAudioSink>();
            foreach (OutputSpec output in outputs)
            {
                var writer = new WavStreamWriter(staging.Stage($"{request.BaseName}.{output.Name}.wav"), rate, channels, request.Format);
                writers.Add(writer);
                var tap = new AudioTap(rate, channels, length, writer, request.Plot);
                taps.Add(tap);
                sinks.Add(request.Task == OfflineTask.Clean
                    ? new LimiterStage(channels, rate, 1f, request.Polish.Limiter, tap)
                    : tap);
            }

            (StemMix? main, int stemOutputs, float[][] gains) = OutputLayout.PipelineShape(outputs, session.StemCount);
            var pipeline = new ChunkedSeparationPipeline(session, plan, channels, main, stemOutputs);
            var pass = new SeparationPass(reader, pipeline, gains, inputTap, sinks);
            pass.Run(f => tracker.Report(f * 0.99), cancellation);
            foreach (WavStreamWriter writer in writers)
            {
                writer.Commit();
            }

            var files = new List<OfflineOutput>();
            for (int o = 0; o < outputs.Count; o++)
            {
                files.Add(new OfflineOutput(outputs[o].Name, staging.FinalPaths[o], OfflineOutputKind.Audio, taps[o].Analyzer.Result()));
            }

            files.AddRange(WritePlots(request, staging, inputTap, outputs.Select(o => o.Name).ToList(), taps));
            SignalStats input = inputTap.Analyzer.Result();
            QualityMetrics quality = request.Task == OfflineTask.Clean
                ? Compare(input, taps[0].Analyzer.Result(), gainDb: 0)
                : new QualityMetrics(input, null, null, null, null);
            return new JobOutcome(files, quality, pass.Chunks, pipeline.NonFiniteSamples);
        }
        finally
        {
            writers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>Enhance: separate and remix into a float scratch file while measuring it, then gain and limit into the output.</summary>
    private static JobOutcome RunEnhance(OfflineRequest request, AudioStreamReader reader, ChunkSession session, ChunkPlan plan,
        OutputSpec output, OutputStaging staging, ProgressTracker tracker, CancellationToken cancellation)
    {
        int rate = reader.SampleRate, channels = reader.Channels;
        long length = reader.LengthFrames;
        // Hidden and unique, beside the outputs (same volume); never part of the job's files.
        string scratch = Path.Combine(staging.Directory, $".{request.BaseName}.remix.{Guid.NewGuid():N}.scratch");
        try
        {
            var inputTap = new AudioTap(rate, channels, length, null, request.Plot);
            SignalAnalyzer remixLevels;
            long chunks, nonFinite;
            using (var remixWriter = new WavStreamWriter(scratch, rate, channels, WavSampleFormat.Float32))
            {
                var remixTap = new AudioTap(rate, channels, length, remixWriter, plot: false);
                var pipeline = new ChunkedSeparationPipeline(session, plan, channels, new StemMix(output.StemGains), 0);
                var pass = new SeparationPass(reader, pipeline, [[1f]], inputTap, [remixTap]);
                pass.Run(f => tracker.Report(f * SeparationShare), cancellation);
                remixWriter.Commit();
                remixLevels = remixTap.Analyzer;
                (chunks, nonFinite) = (pass.Chunks, pipeline.NonFiniteSamples);
            }

            double gain = request.Polish.GainFor(remixLevels.LoudnessLufs, remixLevels.Peak);
            string finalStaged = staging.Stage($"{request.BaseName}.{output.Name}.wav");
            AudioTap outputTap;
            using (var remix = AudioStreamReader.Open(scratch))
            using (var writer = new WavStreamWriter(finalStaged, rate, channels, request.Format))
            {
                outputTap = new AudioTap(rate, channels, length, writer, request.Plot);
                var limiter = new LimiterStage(channels, rate, (float)gain, request.Polish.Limiter, outputTap);
                var block = new float[4096 * channels];
                int n;
                while ((n = remix.ReadFrames(block)) > 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                    limiter.Write(block.AsSpan(0, n * channels));
                    tracker.Report(SeparationShare + (0.99 - SeparationShare) * remix.Position / remix.LengthFrames);
                }

                limiter.Complete();
                writer.Commit();
            }

            var files = new List<OfflineOutput>
            {
                new(output.Name, staging.FinalPaths[0], OfflineOutputKind.Audio, outputTap.Analyzer.Result()),
            };
            files.AddRange(WritePlots(request, staging, inputTap, [output.Name], [outputTap]));
            return new JobOutcome(files, Compare(inputTap.Analyzer.Result(), outputTap.Analyzer.Result(), 20 * Math.Log10(gain)), chunks, nonFinite);
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    private static IEnumerable<OfflineOutput> WritePlots(OfflineRequest request, OutputStaging staging, AudioTap input,
        IReadOnlyList<string> names, IReadOnlyList<AudioTap> outputs)
    {
        if (!request.Plot)
        {
            return [];
        }

        var files = new List<OfflineOutput>();
        foreach ((string name, AudioTap tap) in names.Prepend("input").Zip(outputs.Prepend(input)))
        {
            string fileName = $"{request.BaseName}.{name}.png";
            string staged = staging.Stage(fileName);
            using (var stream = new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                tap.Spectrogram!.WritePng(stream);
            }

            files.Add(new OfflineOutput(name, Path.Combine(staging.Directory, fileName), OfflineOutputKind.Spectrogram, null));
        }

        return files;
    }

    private static QualityMetrics Compare(SignalStats input, SignalStats output, double gainDb) =>
        new(input, output, Difference(output.LoudnessLufs, input.LoudnessLufs),
            Difference(output.EstimatedSnrDb, input.EstimatedSnrDb), gainDb);

    private static double? Difference(double after, double before) =>
        double.IsFinite(after) && double.IsFinite(before) ? after - before : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryRemoveEmptyDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record JobOutcome(IReadOnlyList<OfflineOutput> Outputs, QualityMetrics Quality, long Chunks, long NonFiniteSamples);
}
