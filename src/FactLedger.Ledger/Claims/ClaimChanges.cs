namespace FactLedger.Ledger.Claims;

/// <summary>
/// The fields a claim correction changes; null means "unchanged". Notes, the only optional field, is removed by
/// naming it in <see cref="Cleared"/> (<c>"cleared":["notes"]</c>), the same convention as source corrections.
/// </summary>
public sealed record ClaimChanges(
    string? Platform = null,
    string? Metric = null,
    decimal? Value = null,
    string? Unit = null,
    Qualifier? Qualifier = null,
    AsOf? AsOf = null,
    IReadOnlyList<AttributionLink>? Attribution = null,
    QuoteSpan? Quote = null,
    IReadOnlyList<QuoteSpan>? AlsoQuoted = null,
    string? Notes = null,
    IReadOnlyList<string>? Cleared = null)
{
    public static readonly IReadOnlyList<string> ClearableFields = ["notes"];

    public bool IsEmpty =>
        Platform is null && Metric is null && Value is null && Unit is null && Qualifier is null && AsOf is null
        && Attribution is null && Quote is null && AlsoQuoted is null && Notes is null && (Cleared is null || Cleared.Count == 0);

    public bool Clears(string field) => Cleared?.Contains(field, StringComparer.Ordinal) == true;

    /// <summary>The camelCase names of the fields this correction sets or clears.</summary>
    public IReadOnlyList<string> FieldNames =>
    [
        .. new (string Name, bool Set)[]
        {
            ("platform", Platform is not null), ("metric", Metric is not null), ("value", Value is not null),
            ("unit", Unit is not null), ("qualifier", Qualifier is not null), ("asOf", AsOf is not null),
            ("attribution", Attribution is not null), ("quote", Quote is not null), ("alsoQuoted", AlsoQuoted is not null),
            ("notes", Notes is not null || Clears("notes")),
        }.Where(f => f.Set).Select(f => f.Name),
    ];
}
