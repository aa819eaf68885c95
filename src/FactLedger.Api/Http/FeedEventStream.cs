using System.Globalization;
using System.Text;
using System.Text.Json;
using FactLedger.Api.Apis;
using FactLedger.Api.Hosting;
using FactLedger.Api.Problems;
using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FactLedger.Api;

/// <summary>
/// Writes the sealed feed as Server-Sent Events from a checkpoint on, then follows it as it grows. Headers go out at
/// once (a client on a quiet feed sees its stream open), each event is flushed as written, and an idle stream sends
/// a comment now and then so proxies keep it open. Ends with the request or the app, and when the database goes
/// away: the client reconnects with Last-Event-ID.
/// </summary>
public sealed partial class FeedEventStream(long after) : IResult
{
    private const int Batch = 500;
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    public async Task ExecuteAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var store = services.GetRequiredService<PostgresEventStore>();
        var signal = services.GetRequiredService<FeedSignal>();
        var pollInterval = services.GetRequiredService<FactLedgerApiOptions>().StreamPollInterval;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var logger = services.GetRequiredService<ILogger<FeedEventStream>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(
            http.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = stop.Token;

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = http.Response.Body;
        try
        {
            await http.Response.StartAsync(cancellationToken);
            await WriteAsync(body, "retry: 2000\n\n", cancellationToken);
            var cursor = after;
            var idleSince = DateTime.UtcNow;
            while (!cancellationToken.IsCancellationRequested)
            {
                var grown = signal.Next;
                var events = await store.ReadFeedAsync(cursor, Batch, cancellationToken);
                foreach (var e in events)
                {
                    cursor = e.Sequence!.Value;
                    await WriteAsync(body, Format(e, json), cancellationToken);
                }

                if (events.Count > 0)
                {
                    idleSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - idleSince >= KeepAliveInterval)
                {
                    await WriteAsync(body, ": keep-alive\n\n", cancellationToken);
                    idleSince = DateTime.UtcNow;
                }

                if (events.Count < Batch)
                {
                    await Task.WhenAny(grown, Task.Delay(pollInterval, cancellationToken));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the app is stopping.
        }
        catch (Exception ex) when (ApiExceptionHandler.IsDatabaseUnavailable(ex))
        {
            LogStreamEnded(logger, ex.Message);
        }
    }

    internal static string Format(RecordedEvent e, JsonSerializerOptions json)
    {
        var data = JsonSerializer.Serialize(FeedEvent.From(e), json);
        return string.Create(CultureInfo.InvariantCulture, $"id: {e.Sequence}\nevent: {e.EventType}\ndata: {data}\n\n");
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream ended because the database is unavailable: {Reason}")]
    private static partial void LogStreamEnded(ILogger logger, string reason);
}
