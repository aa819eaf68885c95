using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Seeds;

/// <summary>Collects one stream's planned events and gives each a deterministic id.</summary>
internal sealed class StreamPlanBuilder(string streamId, int expectedVersion)
{
    private readonly List<(object Event, string Actor, string? Reason, string Description)> _events = [];

    public int Count => _events.Count;

    public void Add(object @event, string actor, string? reason, string description) =>
        _events.Add((@event, actor, reason, description));

    /// <summary>Replaces the last event, e.g. to attach seed digests to it.</summary>
    public void ReplaceLast(Func<object, object> change)
    {
        var last = _events[^1];
        _events[^1] = last with { Event = change(last.Event) };
    }

    public PlannedStream? Build()
    {
        if (_events.Count == 0)
        {
            return null;
        }

        var planned = _events.Select((e, i) =>
        {
            var type = LedgerEvents.NameOf(e.Event);
            var name = $"{streamId}#{expectedVersion + i + 1}#{type}#{Digest.Sha256Hex(System.Text.Json.JsonSerializer.Serialize(e.Event, e.Event.GetType(), LedgerJson.Options))}";
            return new PlannedEvent(Digest.NameBasedGuid(Digest.EventIdNamespace, name), type, e.Event, e.Actor, e.Reason, e.Description);
        });
        return new PlannedStream(streamId, expectedVersion, [.. planned]);
    }
}
