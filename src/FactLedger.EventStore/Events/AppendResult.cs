namespace FactLedger.EventStore.Events;

/// <param name="Version">The stream's version after the append.</param>
/// <param name="WasDuplicate">True when every event id was already stored: a retry, answered with the original result.</param>
public sealed record AppendResult(string StreamId, int Version, IReadOnlyList<long> Positions, DateTimeOffset RecordedAt, bool WasDuplicate)
{
    public long LastPosition => Positions[^1];
}
