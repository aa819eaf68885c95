using System.Globalization;
using FactLedger.EventStore;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api.Apis;

/// <summary>An event of the sealed global feed. <see cref="Sequence"/> is the checkpoint to resume after.</summary>
/// <param name="Hash">The event's chain hash (hex), for checking a copy against <c>verify</c>.</param>
public sealed record FeedEvent(
    long Sequence,
    long Position,
    string StreamId,
    int StreamVersion,
    Guid EventId,
    string EventType,
    int SchemaVersion,
    object Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    string Hash)
{
    public static FeedEvent From(RecordedEvent e) => new(
        e.Sequence ?? throw new InvalidOperationException("Only sealed events are published."),
        e.Position, e.StreamId, e.StreamVersion, e.EventId, e.EventType, e.SchemaVersion, e.Data, e.Metadata, e.RecordedAt,
        Convert.ToHexStringLower(e.Hash));
}

/// <param name="Next">Pass as <c>after</c> to read on; equal to the request's <c>after</c> when nothing new was sealed.</param>
/// <param name="Head">The last sealed sequence when the page was read.</param>
public sealed record EventPage(IReadOnlyList<FeedEvent> Items, long Next, long Head);

/// <summary>
/// The global event feed. Both endpoints read only the sealed feed, whose sequence is dense and final, so a
/// consumer that keeps the last sequence it handled misses nothing and sees nothing twice.
/// </summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/events").WithTags("Events");
        events.MapGet("/", ListEvents)
            .WithName("ListEvents")
            .WithSummary("Sealed events after a checkpoint (feed sequence), oldest first")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        events.MapGet("/stream", StreamEvents)
            .WithName("StreamEvents")
            .WithSummary("Server-Sent Events of the feed as it grows; each event's id is its feed sequence, so Last-Event-ID resumes")
            .Produces<FeedEvent>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Ok<EventPage>> ListEvents(HttpContext http, PostgresEventStore store, long? after, int? limit, CancellationToken cancellationToken)
    {
        var from = Checkpoint(after);
        var pageSize = ReadParameters.Limit(limit, 100, 1_000);
        var head = await store.GetFeedHeadAsync(cancellationToken);
        var events = await store.ReadFeedAsync(from, pageSize, cancellationToken);
        var next = events.Count > 0 ? events[^1].Sequence!.Value : from;
        if (next < head)
        {
            http.Response.Headers.Link = string.Create(CultureInfo.InvariantCulture, $"</api/events?after={next}&limit={pageSize}>; rel=\"next\"");
        }

        return TypedResults.Ok(new EventPage([.. events.Select(FeedEvent.From)], next, head));
    }

    public static FeedEventStream StreamEvents(HttpContext http, long? after)
    {
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length == 0)
        {
            return new FeedEventStream(Checkpoint(after));
        }

        return long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var resumed)
            ? new FeedEventStream(resumed)
            : throw new LedgerValidationException("Last-Event-ID", $"'{lastEventId}' is not a feed sequence.");
    }

    private static long Checkpoint(long? after) => after switch
    {
        null => 0,
        >= 0 => after.Value,
        _ => throw new LedgerValidationException("after", $"The checkpoint must be a feed sequence of 0 or more; got {after}."),
    };
}
