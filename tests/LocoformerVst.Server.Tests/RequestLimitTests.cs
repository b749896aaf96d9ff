using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LocoformerVst.Server.Tests.Support;

namespace LocoformerVst.Server.Tests;

/// <summary>What the server refuses before queuing anything, and that each refusal says what is allowed.</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task Upload_over_the_size_limit_is_refused_with_413_and_leaves_no_job_folder()
    {
        await using TestServer server = await TestServer.StartAsync(("Locoformer:Upload:MaxBytes", "4096"));
        byte[] upload = TestAudio.Wav(44_100, 1, 20_000); // ~40 KB

        using HttpResponseMessage response = await Http.Submit(server.Client, "separate", upload);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the 4 KB", await Http.Detail(response));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.ResultsDirectory));
    }

    [Fact]
    public async Task Chunked_upload_without_a_length_is_cut_off_at_the_size_limit()
    {
        await using TestServer server = await TestServer.StartAsync(("Locoformer:Upload:MaxBytes", "4096"));
        byte[] upload = TestAudio.Wav(44_100, 1, 20_000);
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new NonSeekableStream(upload)); // unknown length: sent chunked
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "song.wav");

        using HttpResponseMessage response = await server.Client.PostAsync("/api/audio/separate", form);

        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the 4 KB", await Http.Detail(response));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.ResultsDirectory));
    }

    [Fact]
    public async Task Text_file_named_wav_is_refused_with_415_by_its_content()
    {
        await using TestServer server = await TestServer.StartAsync();
        byte[] text = Encoding.UTF8.GetBytes("this is not audio, whatever the name says\n");

        using HttpResponseMessage response = await server.Client.PostAsync("/api/audio/separate", Http.Form(text, "song.wav"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        string detail = await Http.Detail(response);
        Assert.Contains("is not a format we read", detail);
        Assert.Contains("supported: WAV", detail);
    }

    [Fact]
    public async Task Free_tier_asking_for_five_stems_is_told_to_upgrade()
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await Http.Submit(server.Client, "separate", TestAudio.Wav(44_100, 1, 4_410), ("stems", "5"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("free tier allows 2 stems; upgrade to pro for 5", await Http.Detail(response));
    }

    [Fact]
    public async Task Free_tier_upload_longer_than_three_minutes_is_refused_while_pro_accepts_it()
    {
        await using TestServer server = await TestServer.StartAsync();
        byte[] upload = TestAudio.Wav(8_000, 1, 181 * 8_000); // 3:01 of 8 kHz mono, 2.9 MB

        using HttpResponseMessage free = await Http.Submit(server.Client, "separate", upload);
        Assert.Equal(HttpStatusCode.Forbidden, free.StatusCode);
        Assert.Equal("free tier allows audio up to 3:00.0; this file lasts 3:01.0; upgrade to pro for longer files", await Http.Detail(free));

        using HttpClient pro = server.Connect(TestServer.ProKey);
        Uri job = await Http.Accepted(pro, "separate", upload);
        using HttpResponseMessage cancel = await pro.DeleteAsync(job); // no need to process three minutes here
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        JsonElement view = await Http.WaitFinished(pro, job);
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.Empty(view.GetProperty("outputs").EnumerateArray());
    }

    [Theory]
    [InlineData(null, "send your API key in the X-Api-Key header")]
    [InlineData("not-a-key", "the key in X-Api-Key is not a known API key")]
    public async Task Missing_or_unknown_api_key_is_refused_with_401(string? key, string message)
    {
        await using TestServer server = await TestServer.StartAsync();
        using HttpClient client = server.Connect(key);

        using HttpResponseMessage submit = await Http.Submit(client, "separate", TestAudio.Wav(44_100, 1, 4_410));
        using HttpResponseMessage status = await client.GetAsync($"/api/jobs/{Guid.NewGuid():D}");

        Assert.Equal(HttpStatusCode.Unauthorized, submit.StatusCode);
        Assert.Equal(message, await Http.Detail(submit));
        Assert.Equal("ApiKey", submit.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Theory]
    [InlineData("separate", "stems", "3", "stems must be 2 or 5 (got '3')")]
    [InlineData("separate", "format", "mp3", "format must be one of wav16, wav24, f32 (got 'mp3')")]
    [InlineData("enhance", "preset", "loud", "unknown preset 'loud'; available: balanced, vocal-up, punchy, warm")]
    [InlineData("clean", "stems", "2", "unknown form field 'stems'; this endpoint accepts: file, format")]
    public async Task Bad_fields_are_refused_with_the_allowed_values(string task, string field, string value, string message)
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await Http.Submit(server.Client, task, TestAudio.Wav(44_100, 1, 4_410), (field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await Http.Detail(response));
    }

    /// <summary>Forces HttpClient to send chunked: a stream that cannot report its length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
