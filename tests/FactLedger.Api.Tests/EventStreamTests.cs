using System.Globalization;
using System.Net;
using System.Text.Json;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

public sealed class EventStreamTests(EmptyLedgerApi api) : IClassFixture<EmptyLedgerApi>
{
    private sealed record ServerSentEvent(string? Id, string? Event, string Data);

    [Fact]
    public async Task The_stream_delivers_new_events_as_they_are_sealed()
    {
        await api.CatchUpAsync();
        var head = await HeadAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var stream = await OpenAsync($"/api/events/stream?after={head}", lastEventId: null, timeout.Token);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var sourceId = TestLedger.NewId("sse");
        (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();

        var received = await stream.ReadAsync(timeout.Token);
        Assert.Equal("source-registered", received.Event);
        Assert.Equal((head + 1).ToString(CultureInfo.InvariantCulture), received.Id);
        var data = JsonDocument.Parse(received.Data).RootElement;
        Assert.Equal($"source-{sourceId}", data.GetProperty("streamId").GetString());
        Assert.Equal(head + 1, data.GetProperty("sequence").GetInt64());
        Assert.Equal(sourceId, data.GetProperty("data").GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task A_reconnecting_client_resumes_after_its_Last_Event_ID_without_gaps_or_repeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var sourceId = TestLedger.NewId("resume");
            ids.Add(sourceId);
            (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();
        }

        await api.CatchUpAsync();
        var head = await HeadAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using (var first = await OpenAsync("/api/events/stream", lastEventId: (head - 4).ToString(CultureInfo.InvariantCulture), timeout.Token))
        {
            var a = await first.ReadAsync(timeout.Token);
            var b = await first.ReadAsync(timeout.Token);
            Assert.Equal(new[] { Id(head - 3), Id(head - 2) }, new[] { a.Id!, b.Id! });
        }

        using var resumed = await OpenAsync("/api/events/stream?after=0", lastEventId: (head - 2).ToString(CultureInfo.InvariantCulture), timeout.Token);
        var c = await resumed.ReadAsync(timeout.Token);
        var d = await resumed.ReadAsync(timeout.Token);
        Assert.Equal(new[] { Id(head - 1), Id(head) }, new[] { c.Id!, d.Id! });
        Assert.Equal($"source-{ids[3]}", JsonDocument.Parse(d.Data).RootElement.GetProperty("streamId").GetString());
    }

    private static string Id(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    private async Task<long> HeadAsync()
    {
        var page = await (await api.Anonymous.GetAsync("/api/events?limit=1")).AssertOkJsonAsync();
        return page.GetProperty("head").GetInt64();
    }

    private async Task<EventStreamReader> OpenAsync(string url, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await api.Anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new EventStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    private sealed class EventStreamReader(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response => response;

        public async Task<ServerSentEvent> ReadAsync(CancellationToken cancellationToken)
        {
            string? id = null, type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0)
                    {
                        return new ServerSentEvent(id, type, string.Join('\n', data));
                    }

                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data.Add(value); break;
                }
            }

            throw new EndOfStreamException("The event stream ended.");
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
