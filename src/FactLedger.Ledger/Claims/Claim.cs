namespace FactLedger.Ledger.Claims;

/// <summary>The state of one claim stream (<c>claim-{claimId}</c>).</summary>
public sealed record Claim(
    string ClaimId,
    string SourceId,
    string Platform,
    string Metric,
    decimal Value,
    string Unit,
    Qualifier Qualifier,
    AsOf AsOf,
    IReadOnlyList<AttributionLink> Attribution,
    QuoteSpan Quote,
    IReadOnlyList<QuoteSpan> AlsoQuoted,
    Recorder RecordedBy,
    string? Notes)
{
    public bool IsRetracted { get; init; }

    public string? RetractionReason { get; init; }

    public Verdict? LatestVerdict { get; init; }

    /// <summary>Number of events folded into this state: the stream version to expect when appending.</summary>
    public int Version { get; init; }

    /// <summary>Seed-file markers carried by this stream's events (see <c>SeedPlan</c>).</summary>
    public IReadOnlyList<string> SeedDigests { get; init; } = [];

    public static string StreamId(string claimId) => $"claim-{claimId}";

    public static Claim? Evolve(Claim? state, object @event) => (state, @event) switch
    {
        (_, ClaimAsserted e) => Create(e),
        (null, _) => null,
        (_, ClaimCorrected e) => state.Apply(e.Changes) with
        {
            Version = state.Version + 1,
            SeedDigests = [.. state.SeedDigests, .. e.SeedDigests ?? []],
        },
        (_, ClaimReviewed e) => state with { LatestVerdict = e.Verdict, Version = state.Version + 1 },
        (_, ClaimRetracted e) => state with { IsRetracted = true, RetractionReason = e.Reason, Version = state.Version + 1 },
        _ => state with { Version = state.Version + 1 },
    };

    public static Claim? Fold(IEnumerable<object> events) => events.Aggregate((Claim?)null, Evolve);

    /// <summary>This claim with <paramref name="changes"/> applied.</summary>
    public Claim Apply(ClaimChanges changes) => this with
    {
        Platform = changes.Platform ?? Platform,
        Metric = changes.Metric ?? Metric,
        Value = changes.Value ?? Value,
        Unit = changes.Unit ?? Unit,
        Qualifier = changes.Qualifier ?? Qualifier,
        AsOf = changes.AsOf ?? AsOf,
        Attribution = changes.Attribution ?? Attribution,
        Quote = changes.Quote ?? Quote,
        AlsoQuoted = changes.AlsoQuoted ?? AlsoQuoted,
        Notes = changes.Clears("notes") ? null : changes.Notes ?? Notes,
    };

    /// <summary>Whether the recorded content (everything a correction can change) is the same, comparing lists by value.</summary>
    public bool HasSameContentAs(Claim other) =>
        Platform == other.Platform && Metric == other.Metric && Value == other.Value && Unit == other.Unit
        && Qualifier == other.Qualifier && AsOf == other.AsOf && Attribution.SequenceEqual(other.Attribution)
        && Quote == other.Quote && AlsoQuoted.SequenceEqual(other.AlsoQuoted) && Notes == other.Notes;

    /// <summary>The correction that turns this claim into <paramref name="target"/>: only the fields that differ.</summary>
    public ClaimChanges DifferenceTo(Claim target) => new(
        Platform: target.Platform != Platform ? target.Platform : null,
        Metric: target.Metric != Metric ? target.Metric : null,
        Value: target.Value != Value ? target.Value : null,
        Unit: target.Unit != Unit ? target.Unit : null,
        Qualifier: target.Qualifier != Qualifier ? target.Qualifier : null,
        AsOf: target.AsOf != AsOf ? target.AsOf : null,
        Attribution: target.Attribution.SequenceEqual(Attribution) ? null : target.Attribution,
        Quote: target.Quote != Quote ? target.Quote : null,
        AlsoQuoted: target.AlsoQuoted.SequenceEqual(AlsoQuoted) ? null : target.AlsoQuoted,
        Notes: target.Notes != Notes ? target.Notes : null,
        Cleared: target.Notes is null && Notes is not null ? ["notes"] : null);

    private static Claim Create(ClaimAsserted e) =>
        new(e.ClaimId, e.SourceId, e.Platform, e.Metric, e.Value, e.Unit, e.Qualifier, e.AsOf, e.Attribution, e.Quote, e.AlsoQuoted, e.RecordedBy, e.Notes)
        {
            Version = 1,
            SeedDigests = e.SeedDigests ?? [],
        };
}
