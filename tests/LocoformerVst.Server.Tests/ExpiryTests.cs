using System.Net;
using System.Text.Json;
using LocoformerVst.Server.Tests.Support;

namespace LocoformerVst.Server.Tests;

/// <summary>Results are temporary: the sweeper deletes finished jobs and their files after the time to live.</summary>
public sealed class ExpiryTests
{
    [Fact]
    public async Task Finished_job_and_its_files_stay_until_the_time_to_live_and_disappear_after_it()
    {
        // The server's clock is the test's: how fast this machine runs cannot move the expiry.
        var clock = new ManualClock();
        await using TestServer server = await TestServer.StartAsync(
            clock,
            ("Locoformer:Results:TimeToLive", "01:00:00"),
            ("Locoformer:Results:SweepInterval", "00:00:00.05"));
        Uri job = await Http.Accepted(server.Client, "separate", TestAudio.Wav(44_100, 1, 4_410));
        JsonElement view = await Http.Succeeded(server.Client, job);
        string folder = Assert.Single(Directory.GetDirectories(server.ResultsDirectory));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder, "out")).Length);
        DateTimeOffset completed = view.GetProperty("completedAt").GetDateTimeOffset();
        Assert.Equal(completed.AddHours(1), view.GetProperty("expiresAt").GetDateTimeOffset());

        // A second short of the time to live, several sweeps later: still there.
        clock.Advance(completed.AddHours(1) - clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        await Task.Delay(300);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(job)).StatusCode);
        Assert.True(Directory.Exists(folder));

        clock.Advance(TimeSpan.FromSeconds(2));
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        while ((status = (await server.Client.GetAsync(job)).StatusCode) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        // The sweeper forgets the job, then deletes its folder: allow it the moment in between.
        while (Directory.Exists(folder) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists(folder));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"{job}/stems/vocals")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_finished_job_removes_it_and_its_files_at_once()
    {
        await using TestServer server = await TestServer.StartAsync();
        Uri job = await Http.Accepted(server.Client, "separate", TestAudio.Wav(44_100, 1, 4_410));
        await Http.Succeeded(server.Client, job);
        string folder = Assert.Single(Directory.GetDirectories(server.ResultsDirectory));

        using HttpResponseMessage delete = await server.Client.DeleteAsync(job);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync(job)).StatusCode);
    }
}
