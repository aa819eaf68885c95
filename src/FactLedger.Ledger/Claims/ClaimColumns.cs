using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Persistence;
using FactLedger.Ledger.Sources;
using NpgsqlTypes;

namespace FactLedger.Ledger.Claims;

/// <summary>
/// The columns of a <c>ledger_read.claims</c> row (all but <c>doc</c>), derived from the claim's view. They make up
/// <see cref="ClaimsProjection.Table"/>, through which the inline projection's upsert and the replay's COPY both
/// write, so an aside table is built exactly as incremental writes build the live one. The figure and timeline columns come from <see cref="FigureRules"/> and the same
/// partial dates the in-memory rules compare, so SQL orders claims as <see cref="FigureRules.LatestFirst"/> and
/// <see cref="Timeline.Build"/> do.
/// </summary>
internal static class ClaimColumns
{
    /// <summary>What a claim's row takes from its source, rewritten when the source's metadata is corrected.</summary>
    public static readonly IReadOnlyList<ReadModelColumn<SourceInfo>> FromSource =
    [
        new("published_unknown", NpgsqlDbType.Boolean, s => !s.Published.IsKnown),
        new("published_first", NpgsqlDbType.Date, s => s.Published.Start),
        new("published_precision", NpgsqlDbType.Smallint, s => (short)s.Published.Precision),
        new("source_title", NpgsqlDbType.Text, s => s.Title),
    ];

    public static readonly IReadOnlyList<ReadModelColumn<ClaimRow>> All =
    [
        new("claim_id", NpgsqlDbType.Text, r => r.View.ClaimId),
        new("source_id", NpgsqlDbType.Text, r => r.View.SourceId),
        new("platform", NpgsqlDbType.Text, r => r.View.Platform),
        new("metric", NpgsqlDbType.Text, r => r.View.Metric),
        new("status", NpgsqlDbType.Text, r => r.Status),
        new("verdict", NpgsqlDbType.Text, r => r.Verdict),
        new("figure_keys", NpgsqlDbType.Array | NpgsqlDbType.Text, r => r.FigureKeys.ToArray()),
        new("version", NpgsqlDbType.Integer, r => r.View.Version),
        new("last_position", NpgsqlDbType.Bigint, r => r.View.LastPosition),
        new("value", NpgsqlDbType.Numeric, r => r.View.Value),
        new("qualifier", NpgsqlDbType.Text, r => ClaimFormat.Enum(r.View.Qualifier)),
        new("exclusion", NpgsqlDbType.Text, r => FigureRules.Exclusion(r.View) is { } reason ? ClaimFormat.Enum(reason) : null),
        new("figure_role", NpgsqlDbType.Text, r => ClaimFormat.Enum(FigureRules.Role(r.View))),
        new("as_of_unknown", NpgsqlDbType.Boolean, r => !r.View.AsOf.Date.IsKnown),
        new("as_of_first", NpgsqlDbType.Date, r => r.View.AsOf.Date.Start),
        new("as_of_precision", NpgsqlDbType.Smallint, r => (short)r.View.AsOf.Date.Precision),
        new("since_first", NpgsqlDbType.Date, r => r.View.AsOf.Since?.Start),
        new("since_precision", NpgsqlDbType.Smallint, r => r.View.AsOf.Since is { } since ? (short)since.Precision : null),
        new("unit", NpgsqlDbType.Text, r => r.View.Unit),
        new("as_of_text", NpgsqlDbType.Text, r => r.View.AsOf.Text),
        new("as_of_note", NpgsqlDbType.Text, r => r.View.AsOf.Note),
        .. FromSource.Select(c => new ReadModelColumn<ClaimRow>(c.Name, c.Type, r => c.Value(r.View.Source))),
        new("position", NpgsqlDbType.Bigint, r => r.View.Position),
    ];
}
