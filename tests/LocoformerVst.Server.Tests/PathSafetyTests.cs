using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LocoformerVst.Server.Tests.Support;

namespace LocoformerVst.Server.Tests;

/// <summary>No request text reaches the file system: ids are GUIDs, output names come from the job's own list.</summary>
public sealed class PathSafetyTests
{
    [Fact]
    public async Task Dot_segments_in_a_raw_request_path_never_reach_a_file()
    {
        await using TestServer server = await TestServer.StartAsync();

        // HttpClient would normalize the dots away before sending, so write the request line by hand.
        (int status, string body) = await RawGet(server, "/api/jobs/../../etc/passwd");
        (int status2, string body2) = await RawGet(server, $"/api/jobs/{Guid.NewGuid():D}/stems/../../../../etc/passwd");

        Assert.Equal(404, status);
        Assert.Equal(404, status2);
        Assert.DoesNotContain("root:", body + body2);
    }

    [Fact]
    public async Task Encoded_traversal_in_an_output_name_is_refused_and_lists_the_real_outputs()
    {
        await using TestServer server = await TestServer.StartAsync();
        Uri job = await Http.Accepted(server.Client, "separate", TestAudio.Wav(44_100, 1, 4_410));
        await Http.Succeeded(server.Client, job);

        foreach (string name in (string[])["..%2F..%2Fx", "..%2Fout%2Fresult.vocals.wav", "%2Fetc%2Fpasswd", "vocals%2F..", "vocals.wav"])
        {
            using HttpResponseMessage response = await server.Client.GetAsync($"{job}/stems/{name}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, name);
            Assert.Contains("its outputs: vocals, instrumental", await Http.Detail(response));
        }
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("3f2504e04f8911d39a0c0305e82c3301")] // a GUID, but not in the form the server hands out
    public async Task Job_id_that_is_not_a_guid_is_refused_with_400(string id)
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await server.Client.GetAsync($"/api/jobs/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a job id is the GUID returned by a submission", await Http.Detail(response));
    }

    [Fact]
    public async Task Uploaded_file_name_is_never_used_as_a_path()
    {
        await using TestServer server = await TestServer.StartAsync();
        string escape = Path.GetFullPath(Path.Combine(server.ResultsDirectory, "..", "escape.wav"));

        using HttpResponseMessage response = await server.Client.PostAsync("/api/audio/separate",
            Http.Form(TestAudio.Wav(44_100, 1, 4_410), "../escape.wav"));
        Uri job = response.Headers.Location!;
        await Http.Succeeded(server.Client, job);

        Assert.False(File.Exists(escape));
        string folder = Assert.Single(Directory.GetDirectories(server.ResultsDirectory));
        string[] files = [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order()];
        Assert.Equal([Path.Combine("out", "result.instrumental.wav"), Path.Combine("out", "result.vocals.wav")], files);
    }

    [Fact]
    public async Task Another_api_key_cannot_see_or_download_a_job()
    {
        await using TestServer server = await TestServer.StartAsync();
        Uri job = await Http.Accepted(server.Client, "separate", TestAudio.Wav(44_100, 1, 4_410));
        await Http.Succeeded(server.Client, job);
        using HttpClient other = server.Connect(TestServer.ProKey);

        using HttpResponseMessage status = await other.GetAsync(job);
        using HttpResponseMessage download = await other.GetAsync($"{job}/stems/vocals");

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"{job}/stems/vocals")).StatusCode);
    }

    private static async Task<(int Status, string Body)> RawGet(TestServer server, string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        await using NetworkStream stream = tcp.GetStream();
        string request = $"GET {path} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nX-Api-Key: {TestServer.FreeKey}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        string response = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        int status = int.Parse(response.Split(' ', 3)[1]);
        return (status, response);
    }
}
