namespace LocoformerVst.Inference.Devices;

/// <summary>Thrown when a session is asked for an execution provider that this build or machine cannot enable.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string reason, Exception? inner = null)
        : base($"execution provider {provider} is not available: {reason}", inner)
    {
        Provider = provider;
        Reason = reason;
    }

    public ExecutionProvider Provider { get; }

    public string Reason { get; }
}
