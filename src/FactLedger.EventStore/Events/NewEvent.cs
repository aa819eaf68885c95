namespace FactLedger.EventStore.Events;

/// <summary>An event to append. A fixed <paramref name="EventId"/> makes a retried append return the original result.</summary>
public sealed record NewEvent(object Data, EventMetadata Metadata, Guid EventId)
{
    public NewEvent(object data, EventMetadata metadata)
        : this(data, metadata, Guid.CreateVersion7())
    {
    }
}
