using System.Text.Json;

namespace FactLedger.EventStore;

/// <summary>How the event store reaches PostgreSQL and serialises event data.</summary>
public sealed record EventStoreOptions
{
    /// <summary>Connection string of a role allowed to run migrations (it owns the <c>ledger</c> schema).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The role day-to-day work runs as. It may only INSERT and SELECT events, so even a bug in the
    /// application cannot rewrite history. Null runs everything as the connecting role.
    /// </summary>
    public string? ApplicationRole { get; init; } = "factledger_app";

    /// <summary>Serializer options for event data; the domain supplies its own conventions.</summary>
    public JsonSerializerOptions SerializerOptions { get; init; } = new(JsonSerializerDefaults.Web);

    /// <summary>Events sealed into the global feed per sealing transaction.</summary>
    public int SealBatchSize { get; init; } = 5_000;

    /// <summary>A seal checkpoint (sequence, head hash) is recorded at least every this many feed entries.</summary>
    public int SealCheckpointInterval { get; init; } = 1_000;
}
