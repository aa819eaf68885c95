using System.Text.Json;
using FactLedger.EventStore.Append;
using FactLedger.EventStore.Events;
using FactLedger.EventStore.Integrity;
using FactLedger.EventStore.Projections;
using FactLedger.EventStore.Schema;
using Npgsql;

namespace FactLedger.EventStore;

/// <summary>
/// An append-only event store on PostgreSQL, after Marten's event store: streams with optimistic versions,
/// a global feed that checkpointing readers can trust, hash chains for tamper evidence, inline and async projections.
/// Split by capability into partial files: Append/, Read/, Integrity/, Projections/.
/// </summary>
public sealed partial class PostgresEventStore : IAsyncDisposable
{
    private readonly IReadOnlyList<IInlineProjection> _inlineProjections;
    private readonly NpgsqlDataSource _writes;
    private readonly AppendNotifier _appended;

    public PostgresEventStore(EventStoreOptions options, EventTypeRegistry registry, IEnumerable<IInlineProjection>? inlineProjections = null)
    {
        Options = options;
        Registry = registry;
        _inlineProjections = inlineProjections?.ToArray() ?? [];
        AdminDataSource = NpgsqlDataSource.Create(options.ConnectionString);
        DataSource = options.ApplicationRole is null ? AdminDataSource : NpgsqlDataSource.Create(ApplicationConnectionString(options));
        _writes = CreateWriteDataSource(options);
        AppendJson = CanonicalJson.WritingCanonicalOrder(options.SerializerOptions);
        _appended = new AppendNotifier(ApplicationConnectionString(options));
    }

    public EventStoreOptions Options { get; }

    public EventTypeRegistry Registry { get; }

    /// <summary>Connections running as the application role: INSERT and SELECT on the log, never UPDATE or DELETE.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Connections running as the schema owner, for migrations and projection swaps.</summary>
    public NpgsqlDataSource AdminDataSource { get; }

    internal JsonSerializerOptions Json => Options.SerializerOptions;

    /// <summary>
    /// The same options, writing properties in ordinal order and escaping only what JSON requires: such JSON is usually
    /// canonical as it is, so the content digest hashes it without parsing and rewriting it, which was most of an
    /// append's client time.
    /// </summary>
    private JsonSerializerOptions AppendJson { get; }

    /// <summary>Hands this store's append wake-ups to the projection daemon leading in this process, until disposed.</summary>
    internal IDisposable AttachLocalLeader(WakeSignal wake) => _appended.AttachLocalLeader(wake);

    /// <summary>Applies the event store's migrations and any further modules (a domain's projection tables).</summary>
    public Task<MigrationReport> MigrateAsync(IEnumerable<MigrationModule>? additionalModules = null, CancellationToken cancellationToken = default) =>
        SchemaMigrator.MigrateAsync(Options.ConnectionString, [SchemaMigrator.EventStoreModule, .. additionalModules ?? []], cancellationToken);

    /// <summary>The connection string day-to-day work connects with (as the application role, when there is one).</summary>
    private static string ApplicationConnectionString(EventStoreOptions options) =>
        options.ApplicationRole is null ? options.ConnectionString : WithRole(options.ConnectionString, options.ApplicationRole);

    private static string WithRole(string connectionString, string role)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // A startup option, not SET ROLE: it survives the pool's session reset.
        builder.Options = $"{builder.Options} -c role={role}".Trim();
        return builder.ConnectionString;
    }

    /// <summary>
    /// Connections for appends only, which keep no session state (their locks are transaction locks). Returned to the
    /// pool, a connection is not reset: the reset's DISCARD ALL dropped the cached plans of the append function, so
    /// every append planned all of its statements again, most of an append's server time. The append statement itself
    /// is prepared once per connection.
    /// </summary>
    private static NpgsqlDataSource CreateWriteDataSource(EventStoreOptions options)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(ApplicationConnectionString(options))
        {
            NoResetOnClose = true,
            MaxAutoPrepare = 16,
            AutoPrepareMinUsages = 2,
        };
        return NpgsqlDataSource.Create(connectionString.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _appended.DisposeAsync();
        await _writes.DisposeAsync();
        if (!ReferenceEquals(DataSource, AdminDataSource))
        {
            await DataSource.DisposeAsync();
        }

        await AdminDataSource.DisposeAsync();
    }
}
