namespace FactLedger.EventStore.Embedded;

/// <summary>Where and how <see cref="EmbeddedPostgres"/> keeps its cluster.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>The cluster's data directory; created and initialised with <c>initdb</c> when it holds no cluster yet.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// A cluster for tests: tuned for speed rather than durability (<c>fsync</c>, <c>synchronous_commit</c> and
    /// <c>full_page_writes</c> off, unless <see cref="Durable"/>) and stopped and deleted on dispose.
    /// </summary>
    public bool Throwaway { get; init; }

    /// <summary>
    /// Keeps PostgreSQL's durable defaults in a <see cref="Throwaway"/> cluster too: every commit waits for its WAL to
    /// reach the disk, as on the application's persistent cluster. For measurements that should see what the
    /// application sees. A persistent cluster is always durable. Applies when the cluster is created.
    /// </summary>
    public bool Durable { get; init; }

    /// <summary>The directory holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; located by <see cref="PostgresBinaries.Locate(string?)"/> when null.</summary>
    public string? BinDirectory { get; init; }
}
