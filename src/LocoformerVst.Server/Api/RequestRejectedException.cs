namespace LocoformerVst.Server.Api;

/// <summary>
/// A request the server refuses, with the HTTP status and a message that says what is wrong and what is allowed;
/// endpoints turn it into a problem-details response.
/// </summary>
public sealed class RequestRejectedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
