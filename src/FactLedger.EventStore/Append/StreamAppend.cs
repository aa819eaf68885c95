using FactLedger.EventStore.Events;

namespace FactLedger.EventStore.Append;

/// <summary>Events for one stream, appended only if the stream is at <paramref name="Expected"/>.</summary>
public sealed record StreamAppend(string StreamId, string StreamType, ExpectedVersion Expected, IReadOnlyList<NewEvent> Events)
{
    /// <summary>1-200 printable characters: the only stream ids an append accepts.</summary>
    public static bool IsValidStreamId(string? streamId) =>
        !string.IsNullOrWhiteSpace(streamId) && streamId.Length <= 200 && !streamId.Any(char.IsControl);

    internal void Validate()
    {
        if (!IsValidStreamId(StreamId))
        {
            throw new ArgumentException($"Stream id '{StreamId}' must be 1-200 printable characters.", nameof(StreamId));
        }

        if (string.IsNullOrWhiteSpace(StreamType))
        {
            throw new ArgumentException("A stream needs a type.", nameof(StreamType));
        }

        if (Events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(Events));
        }

        if (Events.Select(e => e.EventId).Distinct().Count() != Events.Count)
        {
            throw new ArgumentException("An append cannot carry the same event id twice.", nameof(Events));
        }
    }
}
