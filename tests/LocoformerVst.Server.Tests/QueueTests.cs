using System.Net;
using System.Text.Json;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Server.Tests.Support;

namespace LocoformerVst.Server.Tests;

/// <summary>The bounded queue: back-pressure with 503 + Retry-After, and parallel clients all served.</summary>
public sealed class QueueTests
{
    [Fact]
    public async Task Full_queue_answers_503_with_retry_after_and_running_jobs_refuse_downloads_with_409()
    {
        await using TestServer server = await TestServer.StartAsync(
            ("Locoformer:Queue:Workers", "1"),
            ("Locoformer:Queue:Capacity", "1"),
            ("Locoformer:Queue:RetryAfter", "00:00:07"),
            ("Locoformer:Queue:DebugDelayPerJob", "00:01:00"));
        byte[] upload = TestAudio.Wav(44_100, 1, 4_410);

        Uri running = await Http.Accepted(server.Client, "separate", upload);
        await WaitForStatus(server.Client, running, "running"); // the worker holds it, the queue is empty again
        Uri queued = await Http.Accepted(server.Client, "separate", upload);
        using HttpResponseMessage refused = await Http.Submit(server.Client, "separate", upload);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("the job queue is full (1 waiting); retry after 7 s", await Http.Detail(refused));
        Assert.Equal("queued", (await Http.Json(await server.Client.GetAsync(queued))).GetProperty("status").GetString());
        using HttpResponseMessage early = await server.Client.GetAsync($"{running}/stems/vocals");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("is running", await Http.Detail(early));

        // Cancelling the queued job frees its place at once.
        using HttpResponseMessage cancel = await server.Client.DeleteAsync(queued);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await Http.Json(cancel)).GetProperty("status").GetString());
        await Http.Accepted(server.Client, "separate", upload);
    }

    [Fact]
    public async Task Eight_parallel_uploads_all_succeed_each_with_its_own_result()
    {
        await using TestServer server = await TestServer.StartAsync(("Locoformer:Queue:Capacity", "8"));
        int[] lengths = [.. Enumerable.Range(0, 8).Select(i => 11_025 + 1_001 * i)];

        long[] results = await Task.WhenAll(lengths.Select(async frames =>
        {
            byte[] upload = TestAudio.Wav(44_100, 1, frames);
            Uri job = await Http.Accepted(server.Client, "separate", upload);
            JsonElement view = await Http.Succeeded(server.Client, job);
            string url = view.GetProperty("outputs")[0].GetProperty("url").GetString()!;
            AudioBuffer vocals = TestAudio.Read(await server.Client.GetByteArrayAsync(url));
            Assert.True(TestAudio.MaxDifference(TestAudio.Read(upload), vocals) < 1e-3);
            return (long)vocals.Length;
        }));

        Assert.Equal(lengths.Select(l => (long)l), results);
    }

    private static async Task WaitForStatus(HttpClient client, Uri job, string status)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await Http.Json(await client.GetAsync(job))).GetProperty("status").GetString() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job never became {status}");
            await Task.Delay(20);
        }
    }
}
