using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace FactLedger.EventStore.Schema;

/// <summary>One numbered SQL script of a module, e.g. <c>002_append.sql</c> of <c>event-store</c>.</summary>
public sealed record MigrationScript(string Module, int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>A module's scripts, loaded from embedded resources named <c>{prefix}NNN_name.sql</c>.</summary>
public sealed record MigrationModule(string Name, IReadOnlyList<MigrationScript> Scripts)
{
    public static MigrationModule FromEmbeddedResources(string name, Assembly assembly, string resourcePrefix)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(resourcePrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var fileName = resource[resourcePrefix.Length..];
            var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(fileName[..underscore], out var version))
            {
                throw new InvalidOperationException($"Migration '{resource}' must be named NNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(name, version, fileName, reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Module '{name}' has two migrations numbered {duplicate.Key}.");
        }

        return new MigrationModule(name, scripts.OrderBy(s => s.Version).ToArray());
    }
}

public sealed record MigrationReport(IReadOnlyList<MigrationScript> Applied, int AlreadyApplied);

/// <summary>
/// Applies numbered scripts in one transaction under an advisory lock, recording each with its checksum,
/// so running it twice (or from two processes at once) is safe and an edited, already-applied script is an error.
/// </summary>
public static class SchemaMigrator
{
    private const long MigrationLockKey = 0x466C_4D69_6772; // "FlMigr"

    public static MigrationModule EventStoreModule { get; } =
        MigrationModule.FromEmbeddedResources("event-store", typeof(SchemaMigrator).Assembly, "FactLedger.EventStore.Migrations.");

    public static async Task<MigrationReport> MigrateAsync(string connectionString, IEnumerable<MigrationModule> modules, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var bootstrap = new NpgsqlCommand(
            """
            CREATE SCHEMA IF NOT EXISTS ledger;
            CREATE TABLE IF NOT EXISTS ledger.schema_migrations (
              module text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL,
              applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (module, version));
            """, connection))
        {
            await bootstrap.ExecuteNonQueryAsync(cancellationToken);
        }

        var recorded = new Dictionary<(string, int), string>();
        await using (var query = new NpgsqlCommand("SELECT module, version, checksum FROM ledger.schema_migrations", connection))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
            }
        }

        var applied = new List<MigrationScript>();
        var alreadyApplied = 0;
        foreach (var script in modules.SelectMany(m => m.Scripts))
        {
            if (recorded.TryGetValue((script.Module, script.Version), out var checksum))
            {
                if (checksum != script.Checksum)
                {
                    throw new InvalidOperationException(
                        $"Migration {script.Module}/{script.Name} was edited after it was applied; add a new numbered script instead.");
                }

                alreadyApplied++;
                continue;
            }

            // No time limit: a script may rewrite a large table, and it commits whole or not at all.
            await using (var command = new NpgsqlCommand(script.Sql, connection) { CommandTimeout = 0 })
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "INSERT INTO ledger.schema_migrations (module, version, name, checksum) VALUES (@module, @version, @name, @checksum)", connection))
            {
                record.Parameters.AddWithValue("module", script.Module);
                record.Parameters.AddWithValue("version", script.Version);
                record.Parameters.AddWithValue("name", script.Name);
                record.Parameters.AddWithValue("checksum", script.Checksum);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            applied.Add(script);
        }

        await transaction.CommitAsync(cancellationToken);
        return new MigrationReport(applied, alreadyApplied);
    }
}
