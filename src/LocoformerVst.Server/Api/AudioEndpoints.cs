using LocoformerVst.Dsp.Audio;
using LocoformerVst.Dsp.Resampling;
using LocoformerVst.Inference.Models;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Server.Configuration;
using LocoformerVst.Server.Jobs;
using LocoformerVst.Server.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Api;

/// <summary>
/// POST /api/audio/{separate|clean|enhance}: stream the upload into a new job folder, check it (size, type by content,
/// tier limits on stems and duration), then queue the job and answer 202 with its id and Location.
/// </summary>
public static class AudioEndpoints
{
    private const string UploadName = "upload.audio"; // fixed: the client's file name is never used as a path

    public static void Map(RouteGroupBuilder api)
    {
        RouteGroupBuilder audio = api.MapGroup("/audio");
        // Cast to Delegate: as a RequestDelegate the returned IResult would be discarded instead of written.
        audio.MapPost("/separate", (Delegate)((HttpContext c) => SubmitAsync(c, OfflineTask.Separate)));
        audio.MapPost("/clean", (Delegate)((HttpContext c) => SubmitAsync(c, OfflineTask.Clean)));
        audio.MapPost("/enhance", (Delegate)((HttpContext c) => SubmitAsync(c, OfflineTask.Enhance)));
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, OfflineTask task)
    {
        IServiceProvider services = context.RequestServices;
        ServerOptions options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var store = services.GetRequiredService<JobStore>();
        var time = services.GetRequiredService<TimeProvider>();
        Caller caller = Caller.Of(context);

        long maxBytes = options.Upload.MaxBytes;
        long maxBody = maxBytes + UploadOptions.FormOverheadBytes;
        if (context.Request.ContentLength > maxBody)
        {
            return Problems.Of(UploadReader.TooLarge(maxBytes)); // refused from the header, before reading the body
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBody; // chunked uploads without Content-Length stop here
        }

        (Guid id, string folder) = store.NewJobFolder();
        bool queued = false;
        try
        {
            UploadForm form = await ReadUploadAsync(context, task, Path.Combine(folder, UploadName), maxBytes);
            SubmissionFields fields = SubmissionFields.Parse(task, form.Fields, caller);
            AudioDescription input = Inspect(form, caller);
            ModelEntry model = ResolveModel(services.GetRequiredService<ModelResolver>(), task, fields.Stems);
            var request = new OfflineRequest
            {
                Task = task,
                InputPath = form.FilePath,
                OutputDirectory = Path.Combine(folder, "out"),
                Model = model,
                Stems = fields.Stems == 5 ? StemSelection.FiveStems : StemSelection.VocalsAndInstrumental,
                Preset = fields.Preset,
                Format = fields.Format,
                MaxDuration = caller.Tier.MaxDuration, // the engine checks again; it is the last line of defence
                OutputName = "result",
            };

            var job = new Job(id, caller.Key, caller.TierName, request, input, fields.Stems, time.GetUtcNow());
            store.Add(job);
            if (!services.GetRequiredService<JobQueue>().TryEnqueue(job))
            {
                store.Remove(job);
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.Queue.RetryAfter.TotalSeconds)).ToString();
                return Problems.Of(StatusCodes.Status503ServiceUnavailable,
                    $"the job queue is full ({options.Queue.Capacity} waiting); retry after {options.Queue.RetryAfter.TotalSeconds:0} s");
            }

            queued = true;
            return Results.Accepted(JobView.PathOf(id), JobView.From(job.Snapshot(), options.Results.TimeToLive));
        }
        catch (RequestRejectedException e)
        {
            return Problems.Of(e);
        }
        finally
        {
            if (!queued)
            {
                store.Abandon(id);
            }
        }
    }

    private static async Task<UploadForm> ReadUploadAsync(HttpContext context, OfflineTask task, string path, long maxBytes)
    {
        try
        {
            return await UploadReader.ReadAsync(context.Request, path, maxBytes, SubmissionFields.AllowedFor(task), context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw UploadReader.TooLarge(maxBytes); // Kestrel's body limit (an upload without Content-Length)
        }
        catch (InvalidDataException e)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"the multipart form is malformed: {e.Message}");
        }
    }

    /// <summary>Reads the audio header (not the audio) and applies the format and the tier's duration limit.</summary>
    private static AudioDescription Inspect(UploadForm form, Caller caller)
    {
        AudioDescription input;
        try
        {
            using AudioStreamReader reader = AudioStreamReader.Open(form.FilePath);
            input = new AudioDescription(reader.Container.ToString(), reader.SampleRate, reader.Channels, reader.LengthFrames);
        }
        catch (AudioFormatException e)
        {
            throw new RequestRejectedException(StatusCodes.Status422UnprocessableEntity,
                e.Message.Replace($"'{form.FilePath}'", "the uploaded file", StringComparison.Ordinal));
        }

        if (input.Channels is < 1 or > 2)
        {
            throw new RequestRejectedException(StatusCodes.Status422UnprocessableEntity,
                $"the uploaded file has {input.Channels} channels; supported: mono or stereo");
        }

        if (input.SampleRate is < StreamingResampler.MinRate or > StreamingResampler.MaxRate)
        {
            throw new RequestRejectedException(StatusCodes.Status422UnprocessableEntity,
                $"the uploaded file's sample rate is {input.SampleRate} Hz; supported: {StreamingResampler.MinRate} to {StreamingResampler.MaxRate} Hz");
        }

        if (input.Frames <= 0)
        {
            throw new RequestRejectedException(StatusCodes.Status422UnprocessableEntity, "the uploaded file contains no audio frames");
        }

        if (input.Duration > caller.Tier.MaxDuration)
        {
            string upgrade = caller.TierName.Equals("free", StringComparison.OrdinalIgnoreCase) ? "; upgrade to pro for longer files" : "";
            throw new RequestRejectedException(StatusCodes.Status403Forbidden,
                $"{caller.TierName} tier allows audio up to {Clock(caller.Tier.MaxDuration)}; this file lasts {Clock(input.Duration)}{upgrade}");
        }

        return input;
    }

    private static ModelEntry ResolveModel(ModelResolver models, OfflineTask task, int stems)
    {
        try
        {
            return models.Resolve(task, stems);
        }
        catch (ModelLoadException e)
        {
            throw new RequestRejectedException(StatusCodes.Status500InternalServerError, $"the server has no model for this request: {e.Message}");
        }
    }

    private static string Clock(TimeSpan t) => $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 100}";
}
