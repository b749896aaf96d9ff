using LocoformerVst.Server.Configuration;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Api;

/// <summary>Who is calling: the API key from <c>X-Api-Key</c> and the tier configuration maps it to.</summary>
public sealed record Caller(string Key, string TierName, TierOptions Tier)
{
    public const string Header = "X-Api-Key";

    private static readonly object ItemKey = new();

    /// <summary>The caller the API-key filter stored on this request.</summary>
    public static Caller Of(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("the endpoint is not behind the API-key filter");

    /// <summary>Endpoint filter: resolves the key to a tier, or answers 401 saying how to authenticate.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        HttpContext context = invocation.HttpContext;
        ServerOptions options = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        string? key = context.Request.Headers[Header].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
            return Problems.Of(StatusCodes.Status401Unauthorized, $"send your API key in the {Header} header");
        }

        if (!options.ApiKeys.TryGetValue(key, out string? tierName) || !options.Tiers.TryGetValue(tierName, out TierOptions? tier))
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
            return Problems.Of(StatusCodes.Status401Unauthorized, $"the key in {Header} is not a known API key");
        }

        context.Items[ItemKey] = new Caller(key, tierName, tier);
        return await next(invocation);
    }
}
