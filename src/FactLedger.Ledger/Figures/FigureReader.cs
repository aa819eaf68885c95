using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// Computes a figure from <c>ledger_read.claims</c> with indexed queries whose cost does not grow with the number of
/// claims about the platform and metric, except for the claims of the figure's own period, which are read as a few
/// narrow columns. SQL only selects and orders (by the columns <see cref="ClaimColumns"/> derives from the same rules);
/// <see cref="FigureCalculator"/> and <see cref="FigureRules"/> decide, as they do for claims in memory.
/// </summary>
internal static class FigureReader
{
    /// <summary><see cref="FigureRules.LatestFirst"/> in SQL; the index <c>claims_latest_first</c> serves it per role.</summary>
    private const string LatestFirst =
        "as_of_unknown, as_of_first DESC, as_of_precision DESC, published_first DESC, published_precision DESC, position DESC, claim_id COLLATE \"C\"";

    private const string Terms = "claim_id, value, qualifier, as_of_first, as_of_precision, since_first, since_precision";

    /// <summary>
    /// A partial date spans at most a year, so a claim whose as-of overlaps the figure's starts no more than this many
    /// days before the figure's first day: a bound that turns the same-period search into an index range.
    /// </summary>
    private const int LongestSpanDays = 366;

    private sealed record Candidate(string ClaimId, decimal Value, Qualifier Qualifier, AsOf AsOf);

    /// <summary>The figure of one platform and metric (null when it has none) and how many claims the key has.</summary>
    /// <param name="validAt">The day the figure should have applied on, or null for now (see <see cref="FigureCalculator.ValidAt"/>).</param>
    public static async Task<(CurrentFigure? Figure, int ClaimCount)> ReadAsync(
        NpgsqlConnection connection, string claimsTable, string platform, string metric, DateOnly? validAt, CancellationToken cancellationToken)
    {
        // The in-effect condition is FigureCalculator.InEffect; FigureReaderTests hold the two paths equal.
        const string inEffect = "(@valid_at::date IS NULL OR (NOT as_of_unknown AND as_of_first <= @valid_at))";
        var chosenRows = await CandidatesAsync(connection,
            $"SELECT {Terms} FROM {claimsTable} WHERE platform = @platform AND metric = @metric AND figure_role = 'candidate' AND {inEffect} ORDER BY {LatestFirst} LIMIT 1",
            platform, metric, validAt, null, cancellationToken);
        var totals = await RoleTotalsAsync(connection, claimsTable, platform, metric, cancellationToken);
        var claimCount = totals.Values.Sum();
        if (chosenRows.Count == 0)
        {
            return (null, claimCount);
        }

        var chosen = chosenRows[0];
        var samePeriod = chosen.AsOf.Date.IsKnown
            ? await CandidatesAsync(connection,
                $"""
                SELECT {Terms} FROM {claimsTable}
                WHERE platform = @platform AND metric = @metric AND figure_role = 'candidate' AND NOT as_of_unknown AND {inEffect}
                  AND as_of_first <= @last AND as_of_first >= @first AND claim_id <> @chosen
                ORDER BY {LatestFirst}
                """,
                platform, metric, validAt, command =>
                {
                    command.Parameters.Add(new NpgsqlParameter<DateOnly>("last", chosen.AsOf.Date.End));
                    command.Parameters.Add(new NpgsqlParameter<DateOnly>("first", chosen.AsOf.Date.Start.AddDays(-LongestSpanDays)));
                    command.Parameters.Add(new NpgsqlParameter<string>("chosen", chosen.ClaimId));
                }, cancellationToken)
            : [];
        var lists = FigureCalculator.Classify(chosen, samePeriod, c => (c.Qualifier, c.Value, c.AsOf));
        var forecastIds = await FirstIdsAsync(connection, claimsTable, platform, metric, FigureRole.Forecast, cancellationToken);
        var excludedIds = await FirstIdsAsync(connection, claimsTable, platform, metric, FigureRole.Excluded, cancellationToken);

        var views = await ViewsAsync(connection, claimsTable,
            [chosen.ClaimId, .. lists.Supporting.Items.Select(c => c.ClaimId), .. lists.Compatible.Items.Select(c => c.ClaimId),
             .. lists.Conflicts.Items.Select(c => c.ClaimId), .. forecastIds, .. excludedIds], cancellationToken);
        var figure = FigureCalculator.Assemble(
            platform,
            metric,
            views[chosen.ClaimId],
            lists.Map(c => FigureClaim.From(views[c.ClaimId])),
            Listed<FigureClaim>.Of(forecastIds.Select(id => FigureClaim.From(views[id])), totals.GetValueOrDefault(FigureRole.Forecast)),
            Listed<ExcludedClaim>.Of(excludedIds.Select(id => FigureCalculator.Excluded(views[id])), totals.GetValueOrDefault(FigureRole.Excluded)));
        return (figure, claimCount);
    }

    private static async Task<List<Candidate>> CandidatesAsync(
        NpgsqlConnection connection, string sql, string platform, string metric, DateOnly? validAt, Action<NpgsqlCommand>? parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("platform", platform));
        command.Parameters.Add(new NpgsqlParameter<string>("metric", metric));
        command.Parameters.Add(new NpgsqlParameter("valid_at", NpgsqlDbType.Date) { Value = validAt is { } date ? date : DBNull.Value });
        parameters?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var candidates = new List<Candidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var asOf = new PartialDate(reader.GetFieldValue<DateOnly>(3), (DatePrecision)reader.GetInt16(4));
            var since = reader.IsDBNull(5) ? (PartialDate?)null : new PartialDate(reader.GetFieldValue<DateOnly>(5), (DatePrecision)reader.GetInt16(6));
            candidates.Add(new Candidate(reader.GetString(0), reader.GetDecimal(1), ReadModelJson.ParseEnum<Qualifier>(reader.GetString(2)), new AsOf(asOf, since)));
        }

        return candidates;
    }

    private static async Task<Dictionary<FigureRole, int>> RoleTotalsAsync(NpgsqlConnection connection, string claimsTable, string platform, string metric, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT figure_role, count(*)::int FROM {claimsTable} WHERE platform = @platform AND metric = @metric GROUP BY figure_role", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("platform", platform));
        command.Parameters.Add(new NpgsqlParameter<string>("metric", metric));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new Dictionary<FigureRole, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            totals[ReadModelJson.ParseEnum<FigureRole>(reader.GetString(0))] = reader.GetInt32(1);
        }

        return totals;
    }

    private static async Task<List<string>> FirstIdsAsync(NpgsqlConnection connection, string claimsTable, string platform, string metric, FigureRole role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT claim_id FROM {claimsTable} WHERE platform = @platform AND metric = @metric AND figure_role = @role ORDER BY {LatestFirst} LIMIT @limit", connection);
        command.Parameters.Add(new NpgsqlParameter<string>("platform", platform));
        command.Parameters.Add(new NpgsqlParameter<string>("metric", metric));
        command.Parameters.Add(new NpgsqlParameter<string>("role", ClaimFormat.Enum(role)));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", CurrentFigure.MaxListed));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<Dictionary<string, ClaimView>> ViewsAsync(NpgsqlConnection connection, string claimsTable, string[] claimIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT doc::text FROM {claimsTable} WHERE claim_id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", claimIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var views = new Dictionary<string, ClaimView>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var view = ReadModelJson.Deserialize<ClaimView>(reader.GetString(0));
            views[view.ClaimId] = view;
        }

        return views;
    }
}
