using System.Text.Json;
using System.Text.Json.Serialization;
using LocoformerVst.Inference.Offline;
using LocoformerVst.Server.Api;
using LocoformerVst.Server.Configuration;
using LocoformerVst.Server.Jobs;
using LocoformerVst.Server.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LocoformerVst.Server;

/// <summary>
/// Builds the server: options, services and endpoints. Kept apart from <see cref="Program"/> so tests start the
/// very same app on Kestrel (127.0.0.1, port 0) with their own configuration.
/// </summary>
public static class ServerApp
{
    /// <summary>Creates the app; <paramref name="configure"/> may add configuration or override services before it is built.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json beside the binary, wherever it is started from
        });
        configure?.Invoke(builder);

        ServerOptions bound = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        // Kestrel's own ceiling, so no endpoint can be sent an unbounded body; uploads tighten it per request.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = bound.Upload.MaxBytes + UploadOptions.FormOverheadBytes);

        builder.Services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System); // tests bring a clock of their own
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<ModelResolver>();
        builder.Services.AddSingleton(sp => new OfflineEngine(new OfflineEngineOptions
        {
            Inference = sp.GetRequiredService<IOptions<ServerOptions>>().Value.Queue.Inference,
            MaxIdleSessionsPerModel = sp.GetRequiredService<IOptions<ServerOptions>>().Value.Queue.Workers,
        }));
        builder.Services.AddHostedService<JobWorkers>();
        builder.Services.AddSingleton<JobSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobSweeper>());
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // bare 404/405 from routing become problem details too

        RouteGroupBuilder api = app.MapGroup("/api").AddEndpointFilter(Caller.Filter);
        AudioEndpoints.Map(api);
        JobEndpoints.Map(api);
        return app;
    }

    /// <summary>Reports every problem of the options at once, so a misconfigured server says everything it needs.</summary>
    private sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServerOptions options)
        {
            IReadOnlyList<string> problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
