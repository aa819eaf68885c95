using FactLedger.EventStore.Events;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using Npgsql;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// Keeps <c>ledger_read.figures</c> (one <see cref="CurrentFigure"/> per platform and metric) current, asynchronously
/// in the projection daemon. A figure is a pure function of its claims' views, so each batch simply recomputes the
/// figures its events touched from <c>ledger_read.claims</c> (<see cref="FigureReader"/>); recomputing one twice is harmless.
/// </summary>
public sealed class FiguresProjection : IAsyncProjection
{
    public const string ProjectionName = "figures";

    public string Name => ProjectionName;

    public async Task ApplyAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        var claimIds = events.Where(e => e.StreamId.StartsWith(ClaimsProjection.StreamPrefix, StringComparison.Ordinal))
            .Select(e => e.StreamId[ClaimsProjection.StreamPrefix.Length..]).Distinct().ToArray();
        var sourceIds = events.Select(e => e.Data).OfType<SourceMetadataCorrected>().Select(e => e.SourceId).Distinct().ToArray();
        if (claimIds.Length == 0 && sourceIds.Length == 0)
        {
            return;
        }

        await using var keysCommand = new NpgsqlCommand(
            "SELECT DISTINCT unnest(figure_keys) FROM ledger_read.claims WHERE claim_id = ANY(@claims) OR source_id = ANY(@sources)", connection);
        keysCommand.Parameters.Add(new NpgsqlParameter<string[]>("claims", claimIds));
        keysCommand.Parameters.Add(new NpgsqlParameter<string[]>("sources", sourceIds));
        var keys = new List<string>();
        await using (var reader = await keysCommand.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }

        foreach (var key in keys)
        {
            var (platform, metric) = ReadModelJson.SplitFigureKey(key);
            await RecomputeAsync(connection, "ledger_read.claims", "ledger_read.figures", platform, metric, cancellationToken);
        }
    }

    internal static async Task RecomputeAsync(NpgsqlConnection connection, string claimsTable, string figuresTable, string platform, string metric, CancellationToken cancellationToken)
    {
        var (figure, claimCount) = await FigureReader.ReadAsync(connection, claimsTable, platform, metric, null, cancellationToken);
        await using var command = figure is null
            ? new NpgsqlCommand($"DELETE FROM {figuresTable} WHERE platform = @platform AND metric = @metric", connection)
            : new NpgsqlCommand(
                $"""
                INSERT INTO {figuresTable} (platform, metric, claim_count, doc) VALUES (@platform, @metric, @count, @doc::jsonb)
                ON CONFLICT (platform, metric) DO UPDATE SET claim_count = excluded.claim_count, doc = excluded.doc
                """, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("platform", platform));
        command.Parameters.Add(new NpgsqlParameter<string>("metric", metric));
        if (figure is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<int>("count", claimCount));
            command.Parameters.Add(new NpgsqlParameter<string>("doc", ReadModelJson.Serialize(figure)));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
