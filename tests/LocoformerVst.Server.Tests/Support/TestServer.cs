using System.Net.Http.Headers;
using LocoformerVst.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LocoformerVst.Server.Tests.Support;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 and a port the OS picks, with the fixture models and a private results
/// folder; each test starts its own, with the settings it needs on top of fast defaults.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string FreeKey = "free-test-key";
    public const string ProKey = "pro-test-key";

    private readonly WebApplication _app;

    private TestServer(WebApplication app, string root, Uri address)
    {
        _app = app;
        Root = root;
        Address = address;
        Client = Connect(FreeKey);
    }

    /// <summary>Temp folder of this instance; results live in <see cref="ResultsDirectory"/> below it.</summary>
    public string Root { get; }

    public string ResultsDirectory => Path.Combine(Root, "results");

    public Uri Address { get; }

    /// <summary>A client with the free tier's key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<TestServer> StartAsync(params (string Key, string Value)[] settings) => StartAsync(null, settings);

    /// <summary>Starts with <paramref name="clock"/> as the server's time (the system clock when null).</summary>
    public static async Task<TestServer> StartAsync(TimeProvider? clock, params (string Key, string Value)[] settings)
    {
        string root = Path.Combine(Path.GetTempPath(), "locoformer-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var config = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Locoformer:Models:Directory"] = Path.Combine(AppContext.BaseDirectory, "fixtures", "models"),
            ["Locoformer:Models:TwoStem"] = "identity-2stem",
            ["Locoformer:Models:FiveStem"] = "lite-5stem-random",
            ["Locoformer:Models:Clean"] = "identity-2stem",
            ["Locoformer:Results:Directory"] = Path.Combine(root, "results"),
            ["Locoformer:Queue:Workers"] = "2",
            ["Locoformer:Queue:IntraOpThreads"] = "1",
            [$"Locoformer:ApiKeys:{FreeKey}"] = "free",
            [$"Locoformer:ApiKeys:{ProKey}"] = "pro",
        };
        foreach ((string key, string value) in settings)
        {
            config[key] = value;
        }

        WebApplication app = ServerApp.Create([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.WebHost.UseUrls("http://127.0.0.1:0");
            if (clock is not null)
            {
                b.Services.AddSingleton(clock);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(root, recursive: true);
            throw;
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestServer(app, root, new Uri(bound));
    }

    /// <summary>A client sending <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Connect(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
