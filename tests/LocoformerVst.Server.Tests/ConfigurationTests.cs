using LocoformerVst.Server.Tests.Support;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server.Tests;

/// <summary>A misconfigured server refuses to start and names every bad setting with its allowed range.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Invalid_limits_stop_the_server_at_startup_with_every_problem_listed()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(
            ("Locoformer:Queue:Workers", "0"),
            ("Locoformer:Tiers:free:MaxStems", "3"),
            ("Locoformer:ApiKeys:k", "gold")));

        Assert.Contains("Locoformer:Queue:Workers must be 1..64 (got 0)", e.Failures);
        Assert.Contains("Locoformer:Tiers:free:MaxStems must be 2 or 5 (got 3)", e.Failures);
        Assert.Contains(e.Failures, f => f.Contains("maps to tier 'gold'", StringComparison.Ordinal));
    }
}
