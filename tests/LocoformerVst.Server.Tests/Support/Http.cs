using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LocoformerVst.Server.Tests.Support;

/// <summary>The client side of the API as a test uses it: submit a form, poll a job, download outputs.</summary>
internal static class Http
{
    public static MultipartFormDataContent Form(byte[] file, string fileName = "song.wav", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(content, "file", fileName);
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    public static Task<HttpResponseMessage> Submit(HttpClient client, string task, byte[] file, params (string Name, string Value)[] fields) =>
        client.PostAsync($"/api/audio/{task}", Form(file, "song.wav", fields));

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The problem-details "detail" of a refused request.</summary>
    public static async Task<string> Detail(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await Json(response)).GetProperty("detail").GetString()!;
    }

    /// <summary>Submits and expects 202; returns the job's Location.</summary>
    public static async Task<Uri> Accepted(HttpClient client, string task, byte[] file, params (string Name, string Value)[] fields)
    {
        using HttpResponseMessage response = await Submit(client, task, file, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!;
    }

    /// <summary>Polls the job until it leaves queued/running; returns its last JSON.</summary>
    public static async Task<JsonElement> WaitFinished(HttpClient client, Uri job, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            JsonElement view = await Json(await client.GetAsync(job));
            string status = view.GetProperty("status").GetString()!;
            if (status is not ("queued" or "running"))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {job} still {status} after the timeout");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> Succeeded(HttpClient client, Uri job)
    {
        JsonElement view = await WaitFinished(client, job);
        Assert.True(view.GetProperty("status").GetString() == "succeeded", view.ToString());
        return view;
    }
}
