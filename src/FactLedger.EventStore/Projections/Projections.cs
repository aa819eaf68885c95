using FactLedger.EventStore.Events;
using Npgsql;

namespace FactLedger.EventStore.Projections;

/// <summary>
/// Runs inside the append's transaction, on its connection: the read model and the events commit together,
/// so a reader never sees one without the other. Events passed here carry no hash and no feed sequence yet.
/// </summary>
public interface IInlineProjection
{
    string Name { get; }

    Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// Runs in the projection daemon over the sealed feed. Its writes and its checkpoint commit in one transaction,
/// so after a crash it resumes exactly where its last commit left it: nothing applied twice, nothing missed.
/// </summary>
public interface IAsyncProjection
{
    string Name { get; }

    Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken);
}

/// <summary>Progress of a rebuild, for progress bars and the admin API.</summary>
public sealed record RebuildProgress(string Projection, string Phase, long EventsProcessed, long EventsTotal)
{
    public double Fraction => EventsTotal == 0 ? 1 : Math.Min(1, (double)EventsProcessed / EventsTotal);
}
