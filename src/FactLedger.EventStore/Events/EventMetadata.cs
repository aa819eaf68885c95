using System.Text.Json.Serialization;

namespace FactLedger.EventStore.Events;

/// <summary>Who appended an event and why; stored in <c>ledger.events.metadata</c>.</summary>
public sealed record EventMetadata
{
    /// <summary>The person, API key owner or process that caused the event.</summary>
    public required string Actor { get; init; }

    public string? Reason { get; init; }

    public Guid? CorrelationId { get; init; }

    public Guid? CausationId { get; init; }

    /// <summary>The client's key for a retried request; the same key yields the same event ids.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IdempotencyKey { get; init; }
}
