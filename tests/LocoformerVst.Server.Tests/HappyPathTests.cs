using System.Net;
using System.Text.Json;
using LocoformerVst.Dsp.Audio;
using LocoformerVst.Server.Tests.Support;

namespace LocoformerVst.Server.Tests;

/// <summary>Each endpoint end to end over real HTTP: upload, poll to success, download and decode every output.</summary>
public sealed class HappyPathTests
{
    [Fact]
    public async Task Separate_with_the_identity_model_returns_stems_that_sum_to_the_upload()
    {
        await using TestServer server = await TestServer.StartAsync();
        const int frames = 66_150 + 37; // 1.5 s and a partial STFT hop
        byte[] upload = TestAudio.Wav(44_100, 2, frames);

        Uri job = await Http.Accepted(server.Client, "separate", upload, ("format", "f32"));
        JsonElement view = await Http.Succeeded(server.Client, job);

        Assert.Equal(1.0, view.GetProperty("progress").GetDouble());
        Assert.Equal("identity-2stem", view.GetProperty("model").GetString());
        Assert.Equal(frames, view.GetProperty("input").GetProperty("frames").GetInt64());
        JsonElement[] outputs = [.. view.GetProperty("outputs").EnumerateArray()];
        Assert.Equal(["vocals", "instrumental"], outputs.Select(o => o.GetProperty("name").GetString()));
        AudioBuffer mix = TestAudio.Read(upload);
        var stems = new List<AudioBuffer>();
        foreach (JsonElement output in outputs)
        {
            using HttpResponseMessage download = await server.Client.GetAsync(output.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("audio/wav", download.Content.Headers.ContentType?.MediaType);
            byte[] bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal(output.GetProperty("bytes").GetInt64(), bytes.Length);
            AudioBuffer stem = TestAudio.Read(bytes);
            Assert.Equal(frames, stem.Length);
            Assert.Equal(44_100, stem.SampleRate);
            Assert.Equal(2, stem.Channels);
            Assert.Equal(frames, output.GetProperty("frames").GetInt64());
            Assert.Equal(frames / 44_100.0, output.GetProperty("durationSeconds").GetDouble(), 6);
            stems.Add(stem);
        }

        AudioBuffer sum = stems[0].Clone();
        for (int c = 0; c < 2; c++)
        {
            for (int i = 0; i < frames; i++)
            {
                sum.Samples[c][i] += stems[1].Samples[c][i];
            }
        }

        Assert.True(TestAudio.MaxDifference(mix, sum) < 1e-3, "identity model: the stems sum to the mix");
        Assert.True(TestAudio.MaxDifference(mix, stems[0]) < 1e-3, "identity model: vocals are the mix");
    }

    [Fact]
    public async Task Separate_into_five_stems_on_the_pro_tier_returns_the_five_named_stems_as_16_bit_wav()
    {
        await using TestServer server = await TestServer.StartAsync();
        using HttpClient pro = server.Connect(TestServer.ProKey);
        const int frames = 30_000;
        byte[] upload = TestAudio.Wav(44_100, 1, frames);

        Uri job = await Http.Accepted(pro, "separate", upload, ("stems", "5"), ("format", "wav16"));
        JsonElement view = await Http.Succeeded(pro, job);

        Assert.Equal(5, view.GetProperty("stems").GetInt32());
        Assert.Equal("lite-5stem-random", view.GetProperty("model").GetString());
        JsonElement[] outputs = [.. view.GetProperty("outputs").EnumerateArray()];
        Assert.Equal(["vocals", "drums", "bass", "instruments", "fx"], outputs.Select(o => o.GetProperty("name").GetString()));
        foreach (JsonElement output in outputs)
        {
            byte[] bytes = await pro.GetByteArrayAsync(output.GetProperty("url").GetString());
            AudioBuffer stem = TestAudio.Read(bytes);
            Assert.Equal(frames, stem.Length);
            Assert.Equal(1, stem.Channels);
            // 16-bit samples: two bytes per frame plus a header, half the size of float output.
            Assert.InRange(bytes.Length, frames * 2, frames * 2 + 200);
        }
    }

    [Fact]
    public async Task Clean_returns_one_clean_output_with_the_input_length_and_level_metrics()
    {
        await using TestServer server = await TestServer.StartAsync();
        const int frames = 48_000;
        byte[] upload = TestAudio.Wav(48_000, 2, frames);

        Uri job = await Http.Accepted(server.Client, "clean", upload, ("format", "wav24"));
        JsonElement view = await Http.Succeeded(server.Client, job);

        JsonElement output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
        Assert.Equal("clean", output.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("stems").ValueKind);
        AudioBuffer clean = TestAudio.Read(await server.Client.GetByteArrayAsync(output.GetProperty("url").GetString()));
        Assert.Equal(frames, clean.Length);
        Assert.Equal(48_000, clean.SampleRate);
        JsonElement metrics = view.GetProperty("metrics");
        Assert.True(metrics.GetProperty("inputLoudnessLufs").GetDouble() is > -30 and < 0);
        Assert.True(metrics.GetProperty("elapsedSeconds").GetDouble() > 0);
        // Identity model behind a limiter that has nothing to limit: the clean output is the upload, resampled there and back.
        Assert.True(TestAudio.MaxDifference(TestAudio.Read(upload), clean) < 0.05);
    }

    [Fact]
    public async Task Enhance_with_a_preset_returns_a_remix_polished_under_the_ceiling()
    {
        await using TestServer server = await TestServer.StartAsync();
        const int frames = 44_100;
        byte[] upload = TestAudio.Wav(44_100, 2, frames);

        Uri job = await Http.Accepted(server.Client, "enhance", upload, ("preset", "vocal-up"), ("format", "f32"));
        JsonElement view = await Http.Succeeded(server.Client, job);

        Assert.Equal("vocal-up", view.GetProperty("preset").GetString());
        JsonElement output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
        Assert.Equal("enhanced", output.GetProperty("name").GetString());
        AudioBuffer enhanced = TestAudio.Read(await server.Client.GetByteArrayAsync(output.GetProperty("url").GetString()));
        Assert.Equal(frames, enhanced.Length);
        float peak = enhanced.Samples.Max(ch => ch.Max(MathF.Abs));
        Assert.True(peak <= 0.95f + 1e-4f, $"peak {peak} above the 0.95 ceiling");
        JsonElement metrics = view.GetProperty("metrics");
        Assert.True(peak > 0.05f, $"the remix is silent (peak {peak})");
        Assert.Equal(-14, metrics.GetProperty("outputLoudnessLufs").GetDouble(), 0.5); // the polish's loudness target
        Assert.NotEqual(JsonValueKind.Null, metrics.GetProperty("polishGainDb").ValueKind);
    }
}
