using LocoformerVst.Dsp.Audio;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Jobs;

/// <summary>
/// N workers that take jobs from the <see cref="JobQueue"/> and run them through the shared <see cref="OfflineEngine"/>
/// (thread-safe; each concurrent job gets its own model session). Shutdown cancels the jobs in progress.
/// </summary>
public sealed class JobWorkers : BackgroundService
{
    private readonly JobQueue _queue;
    private readonly OfflineEngine _engine;
    private readonly QueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JobWorkers> _log;

    public JobWorkers(JobQueue queue, OfflineEngine engine, IOptions<ServerOptions> options, TimeProvider time, ILogger<JobWorkers> log)
    {
        _queue = queue;
        _engine = engine;
        _options = options.Value.Queue;
        _time = time;
        _log = log;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (Job job in _queue.Reader.ReadAllAsync(stopping))
            {
                Process(job, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Process(Job job, CancellationToken stopping)
    {
        if (!job.TryStart(_time.GetUtcNow()))
        {
            return; // cancelled while it waited (the cancel gave its queue place back)
        }

        _queue.Release();

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.CancellationToken, stopping);
        try
        {
            if (_options.DebugDelayPerJob > TimeSpan.Zero)
            {
                Task.Delay(_options.DebugDelayPerJob, _time, linked.Token).GetAwaiter().GetResult();
            }

            OfflineResult result = _engine.Run(job.Request, new JobProgress(job), linked.Token);
            job.Succeed(result, Describe(result), _time.GetUtcNow());
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            job.ConfirmCancelled(_time.GetUtcNow());
        }
        catch (Exception e) when (e is AudioFormatException or InputTooLongException or ModelLoadException)
        {
            // These messages are written for users: they say what is wrong and what is supported.
            job.Fail(e.Message, _time.GetUtcNow());
        }
        catch (Exception e)
        {
            _log.LogError(e, "job {Job} failed", job.Id);
            job.Fail($"internal error while processing ({e.GetType().Name}); the upload was kept out of the results — try again or report job {job.Id}",
                _time.GetUtcNow());
        }
        finally
        {
            TryDelete(job.Request.InputPath); // results stay until they expire; the upload is not needed any more
        }
    }

    /// <summary>The audio outputs as written, read back from their headers.</summary>
    private static List<JobStem> Describe(OfflineResult result)
    {
        var stems = new List<JobStem>();
        foreach (OfflineOutput output in result.Outputs.Where(o => o.Kind == OfflineOutputKind.Audio))
        {
            using AudioStreamReader reader = AudioStreamReader.Open(output.Path);
            stems.Add(new JobStem(output.Name, output.Path, reader.SampleRate, reader.Channels, reader.LengthFrames,
                new FileInfo(output.Path).Length, Finite(output.Stats?.PeakDbfs), Finite(output.Stats?.LoudnessLufs)));
        }

        return stems;
    }

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Forwards engine progress synchronously (Progress&lt;T&gt; would post to the thread pool and reorder).</summary>
    private sealed class JobProgress(Job job) : IProgress<double>
    {
        public void Report(double value) => job.ReportProgress(value);
    }
}
