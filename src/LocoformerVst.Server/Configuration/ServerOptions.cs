using LocoformerVst.Inference.Runtime;

namespace LocoformerVst.Server.Configuration;

/// <summary>
/// Every limit and setting of the server in one place, bound from the <c>Locoformer</c> configuration section
/// (appsettings.json, environment variables <c>Locoformer__Queue__Workers=2</c>, command line), with safe defaults.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Locoformer";

    public UploadOptions Upload { get; set; } = new();

    public QueueOptions Queue { get; set; } = new();

    public ResultOptions Results { get; set; } = new();

    public ModelOptions Models { get; set; } = new();

    /// <summary>API key -> tier name (a key of <see cref="Tiers"/>). No keys: every request is refused with 401.</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tier name -> limits. The defaults are the product's free and pro tiers.</summary>
    public Dictionary<string, TierOptions> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["free"] = new TierOptions { MaxStems = 2, MaxDuration = TimeSpan.FromMinutes(3) },
        ["pro"] = new TierOptions { MaxStems = 5, MaxDuration = TimeSpan.FromMinutes(10) },
    };

    /// <summary>The problems of these options, empty when they are usable (checked at startup).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Upload.MaxBytes < 1)
        {
            problems.Add($"{Section}:Upload:MaxBytes must be positive (got {Upload.MaxBytes})");
        }

        if (Queue.Workers is < 1 or > 64)
        {
            problems.Add($"{Section}:Queue:Workers must be 1..64 (got {Queue.Workers})");
        }

        if (Queue.Capacity < 1)
        {
            problems.Add($"{Section}:Queue:Capacity must be at least 1 (got {Queue.Capacity})");
        }

        if (Queue.RetryAfter < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:Queue:RetryAfter must be at least 1 s (got {Queue.RetryAfter})");
        }

        if (Results.TimeToLive <= TimeSpan.Zero || Results.SweepInterval <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:Results:TimeToLive and SweepInterval must be positive");
        }

        foreach ((string name, TierOptions tier) in Tiers)
        {
            if (tier.MaxStems is not (2 or 5))
            {
                problems.Add($"{Section}:Tiers:{name}:MaxStems must be 2 or 5 (got {tier.MaxStems})");
            }

            if (tier.MaxDuration <= TimeSpan.Zero)
            {
                problems.Add($"{Section}:Tiers:{name}:MaxDuration must be positive (got {tier.MaxDuration})");
            }
        }

        foreach ((string key, string tier) in ApiKeys)
        {
            if (!Tiers.ContainsKey(tier))
            {
                problems.Add($"{Section}:ApiKeys: a key maps to tier '{tier}', which is not one of {string.Join(", ", Tiers.Keys)}");
            }
        }

        return problems;
    }
}

/// <summary>Upload size limit: enforced by Kestrel and while streaming the file part, before the whole body is read.</summary>
public sealed class UploadOptions
{
    /// <summary>Largest accepted audio file, bytes (default 100 MB).</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Room for the form's boundaries and small fields on top of <see cref="MaxBytes"/>.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    /// <summary>Folder for uploads while they stream in; null: the results directory.</summary>
    public string? TempDirectory { get; set; }
}

/// <summary>The bounded job queue and its workers.</summary>
public sealed class QueueOptions
{
    /// <summary>Jobs processed at the same time.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Jobs waiting beyond those being processed; a full queue answers 503 with Retry-After.</summary>
    public int Capacity { get; set; } = 16;

    /// <summary>What a 503 tells the client to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Intra-op threads per model session; 0: the machine's processors shared out over the workers.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// For tests and load experiments only: every job waits this long (cancellably) before it is processed, so the
    /// queue can be filled deterministically. Zero in production.
    /// </summary>
    public TimeSpan DebugDelayPerJob { get; set; } = TimeSpan.Zero;

    internal InferenceSettings Inference => new()
    {
        IntraOpThreads = IntraOpThreads > 0 ? IntraOpThreads : Math.Max(1, Environment.ProcessorCount / Math.Max(1, Workers)),
    };
}

/// <summary>Where results live and how long.</summary>
public sealed class ResultOptions
{
    /// <summary>Root of the per-job folders; null: locoformer-server/results under the system temp folder.</summary>
    public string? Directory { get; set; }

    /// <summary>How long a finished (succeeded, failed or cancelled) job and its files are kept.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the sweeper looks for expired jobs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal string ResolvedDirectory => Path.GetFullPath(Directory ?? Path.Combine(Path.GetTempPath(), "locoformer-server", "results"));
}

/// <summary>Which models serve which request.</summary>
public sealed class ModelOptions
{
    /// <summary>
    /// The models directory; null: <c>models</c> beside the application, else the <c>models</c> folder of the
    /// repository the application was built in (found by walking up to LocoformerVst.sln).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Model name for 2-stem separation and enhance; null: the catalog's vocals/instrumental model.</summary>
    public string? TwoStem { get; set; }

    /// <summary>Model name for 5-stem separation and enhance; null: the catalog's 5-stem model.</summary>
    public string? FiveStem { get; set; }

    /// <summary>Model name for clean; null: the catalog's cleaning model.</summary>
    public string? Clean { get; set; }
}

/// <summary>What one tier may ask for.</summary>
public sealed class TierOptions
{
    /// <summary>2 or 5.</summary>
    public int MaxStems { get; set; } = 2;

    /// <summary>Longest input audio (its duration, not its size).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(3);
}
