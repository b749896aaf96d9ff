using LocoformerVst.Dsp.Audio;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LocoformerVst.Server.Api;

/// <summary>The parts of an upload form: the file (already on disk, type checked) and the small text fields.</summary>
public sealed record UploadForm(string FilePath, long FileBytes, AudioContainer Container, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Streams a multipart/form-data upload straight into the job's folder. The file part is counted while it is copied,
/// so an oversized file is refused at the first byte over the limit, and its type is decided by its first bytes (the
/// client's file name and Content-Type are ignored and never used as paths).
/// </summary>
public static class UploadReader
{
    public const string FileField = "file";
    private const int MaxFieldChars = 256;

    /// <summary>Reads the form; the file part goes to <paramref name="destination"/>.</summary>
    /// <exception cref="RequestRejectedException">400 (not a form, no file, bad field), 413 (too large), 415 (not WAV/MP3).</exception>
    public static async Task<UploadForm> ReadAsync(HttpRequest request, string destination, long maxFileBytes,
        IReadOnlyCollection<string> allowedFields, CancellationToken cancellation)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? type) ||
            !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest,
                $"send the audio as multipart/form-data with the file in a field named '{FileField}' (got Content-Type '{request.ContentType}')");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        AudioContainer? container = null;
        long bytes = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellation)) is not null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition) ||
                !disposition.IsFormDisposition() && !disposition.IsFileDisposition())
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest, "every part of the form needs a Content-Disposition: form-data header");
            }

            string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (name.Equals(FileField, StringComparison.OrdinalIgnoreCase))
            {
                if (container is not null)
                {
                    throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"send exactly one '{FileField}' part");
                }

                (container, bytes) = await CopyFileAsync(section.Body, destination, maxFileBytes, cancellation);
            }
            else if (allowedFields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                fields[name] = await ReadFieldAsync(section, name, cancellation);
            }
            else
            {
                throw new RequestRejectedException(StatusCodes.Status400BadRequest,
                    $"unknown form field '{Shorten(name)}'; this endpoint accepts: {string.Join(", ", allowedFields.Prepend(FileField))}");
            }
        }

        if (container is null)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"the form has no '{FileField}' part; attach the audio file as '{FileField}'");
        }

        return new UploadForm(destination, bytes, container.Value, fields);
    }

    private static async Task<(AudioContainer Container, long Bytes)> CopyFileAsync(Stream body, string destination, long maxBytes,
        CancellationToken cancellation)
    {
        var header = new byte[AudioContainerDetector.HeaderBytes];
        int headerLength = 0;
        AudioContainer? container = null;
        long total = 0;
        var buffer = new byte[81_920];
        await using (var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            int n;
            while ((n = await body.ReadAsync(buffer, cancellation)) > 0)
            {
                total += n;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                if (container is null)
                {
                    int take = Math.Min(n, header.Length - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                    if (headerLength == header.Length)
                    {
                        container = Detect(header); // refuse a non-audio file before storing the rest of it
                    }
                }

                await file.WriteAsync(buffer.AsMemory(0, n), cancellation);
            }
        }

        return (container ?? Detect(header.AsSpan(0, headerLength)), total);
    }

    private static AudioContainer Detect(ReadOnlySpan<byte> header)
    {
        try
        {
            return AudioContainerDetector.Detect(header, "upload");
        }
        catch (AudioFormatException e)
        {
            throw new RequestRejectedException(StatusCodes.Status415UnsupportedMediaType,
                $"{e.Message.Replace("'upload': ", "the uploaded file: ", StringComparison.Ordinal)} (the type is read from the content, not the file name)");
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken cancellation)
    {
        var chars = new char[MaxFieldChars + 1];
        using var text = new StreamReader(section.Body);
        int n = await text.ReadBlockAsync(chars.AsMemory(), cancellation);
        if (n > MaxFieldChars)
        {
            throw new RequestRejectedException(StatusCodes.Status400BadRequest, $"field '{name}' is longer than {MaxFieldChars} characters");
        }

        return new string(chars, 0, n).Trim();
    }

    internal static RequestRejectedException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge,
            $"the upload is larger than the {FormatBytes(maxBytes)} this server accepts; compress it (MP3) or split it");

    internal static string FormatBytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KB" : $"{bytes} bytes";

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
