namespace LocoformerVst.Server.Api;

/// <summary>Problem-details (RFC 9457) responses with the standard title for each status and our explanatory detail.</summary>
internal static class Problems
{
    public static IResult Of(int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: Title(status));

    public static IResult Of(RequestRejectedException e) => Of(e.Status, e.Message);

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad request",
        StatusCodes.Status401Unauthorized => "Missing or unknown API key",
        StatusCodes.Status403Forbidden => "Not allowed for this tier",
        StatusCodes.Status404NotFound => "Not found",
        StatusCodes.Status409Conflict => "Not ready",
        StatusCodes.Status413PayloadTooLarge => "Upload too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported file type",
        StatusCodes.Status422UnprocessableEntity => "Unreadable audio",
        StatusCodes.Status503ServiceUnavailable => "Queue full",
        _ => "Error",
    };
}
