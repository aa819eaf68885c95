using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Claims;

/// <summary>Where and when the store recorded an event; the read models' only source of time.</summary>
/// <param name="Position">The event's global position in the store.</param>
/// <param name="Version">The stream version the event created (1 for the first event).</param>
public sealed record EventInfo(DateTimeOffset RecordedAt, string Actor, string? Reason, long Position, int Version);

public enum ClaimStatus
{
    Active,
    Retracted,
}

public enum HistoryKind
{
    Asserted,
    Corrected,
    Reviewed,
    Retracted,
}

public sealed record ClaimHistoryEntry(HistoryKind Kind, DateTimeOffset At, string Actor, string? Reason, IReadOnlyList<FieldChange> Details, int Version);

public sealed record ClaimReview(Verdict Verdict, string Rationale, string Reviewer, DateTimeOffset At);

/// <summary>
/// The current state of one claim with what its pages need: its source, status, latest verdict and history.
/// Built by a pure fold over the claim stream (<see cref="From"/>) or one event at a time (<see cref="Evolve"/>).
/// </summary>
public sealed record ClaimView
{
    public required string ClaimId { get; init; }
    public required string SourceId { get; init; }
    public required string Platform { get; init; }
    public required string Metric { get; init; }
    public required decimal Value { get; init; }
    public required string Unit { get; init; }
    public required Qualifier Qualifier { get; init; }
    public required AsOf AsOf { get; init; }
    public required IReadOnlyList<AttributionLink> Attribution { get; init; }
    public required QuoteSpan Quote { get; init; }
    public required IReadOnlyList<QuoteSpan> AlsoQuoted { get; init; }
    public string? Notes { get; init; }
    public required SourceInfo Source { get; init; }
    public ClaimStatus Status { get; init; }
    public string? RetractionReason { get; init; }
    public Verdict? LatestVerdict => LatestReview?.Verdict;
    public ClaimReview? LatestReview { get; init; }

    /// <summary>When the claim was first recorded (its assertion).</summary>
    public required DateTimeOffset RecordedAt { get; init; }
    public required Recorder RecordedBy { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The stream version: the expected version for the next command (ETag).</summary>
    public int Version { get; init; }

    /// <summary>Global position of the assertion; breaks ties between otherwise equal claims (later wins).</summary>
    public long Position { get; init; }
    public long LastPosition { get; init; }
    public IReadOnlyList<ClaimHistoryEntry> History { get; init; } = [];

    public bool IsRetracted => Status == ClaimStatus.Retracted;

    /// <exception cref="InvalidOperationException">The stream does not start with <see cref="ClaimAsserted"/>.</exception>
    public static ClaimView From(IEnumerable<(object Event, EventInfo Info)> events, SourceInfo source) =>
        events.Aggregate((ClaimView?)null, (view, e) => Evolve(view, e.Event, e.Info, source))
        ?? throw new InvalidOperationException("A claim stream must start with claim-asserted.");

    public static ClaimView? Evolve(ClaimView? view, object @event, EventInfo info, SourceInfo source)
    {
        if (@event is ClaimAsserted asserted)
        {
            return Create(Claim.Evolve(null, asserted)!, info, source);
        }

        if (view is null)
        {
            throw new InvalidOperationException($"Claim event {@event.GetType().Name} arrived before claim-asserted.");
        }

        var before = view.ToClaim();
        var after = Claim.Evolve(before, @event)!;
        var entry = @event switch
        {
            ClaimCorrected e => Entry(HistoryKind.Corrected, info, info.Actor, e.Reason, ClaimFormat.Differences(before, after)),
            ClaimReviewed e => Entry(HistoryKind.Reviewed, info, e.Reviewer, e.Rationale,
                [new FieldChange("verdict", before.LatestVerdict is { } v ? ClaimFormat.Enum(v) : null, ClaimFormat.Enum(e.Verdict))]),
            ClaimRetracted e => Entry(HistoryKind.Retracted, info, info.Actor, e.Reason, [new FieldChange("status", "active", "retracted")]),
            _ => null,
        };
        return Project(after, view, info) with
        {
            Source = source,
            LatestReview = @event is ClaimReviewed r ? new ClaimReview(r.Verdict, r.Rationale, r.Reviewer, info.RecordedAt) : view.LatestReview,
            History = entry is null ? view.History : [.. view.History, entry],
        };
    }

    /// <summary>The claim state this view shows (for deciding the next command without reading the stream).</summary>
    public Claim ToClaim() =>
        new(ClaimId, SourceId, Platform, Metric, Value, Unit, Qualifier, AsOf, Attribution, Quote, AlsoQuoted, RecordedBy, Notes)
        {
            IsRetracted = IsRetracted,
            RetractionReason = RetractionReason,
            LatestVerdict = LatestVerdict,
            Version = Version,
        };

    private static ClaimView Create(Claim claim, EventInfo info, SourceInfo source) => new()
    {
        ClaimId = claim.ClaimId,
        SourceId = claim.SourceId,
        Platform = claim.Platform,
        Metric = claim.Metric,
        Value = claim.Value,
        Unit = claim.Unit,
        Qualifier = claim.Qualifier,
        AsOf = claim.AsOf,
        Attribution = claim.Attribution,
        Quote = claim.Quote,
        AlsoQuoted = claim.AlsoQuoted,
        Notes = claim.Notes,
        Source = source,
        RecordedAt = info.RecordedAt,
        RecordedBy = claim.RecordedBy,
        UpdatedAt = info.RecordedAt,
        Version = info.Version,
        Position = info.Position,
        LastPosition = info.Position,
        History = [Entry(HistoryKind.Asserted, info, info.Actor, info.Reason, [])],
    };

    private static ClaimView Project(Claim claim, ClaimView view, EventInfo info) => view with
    {
        Platform = claim.Platform,
        Metric = claim.Metric,
        Value = claim.Value,
        Unit = claim.Unit,
        Qualifier = claim.Qualifier,
        AsOf = claim.AsOf,
        Attribution = claim.Attribution,
        Quote = claim.Quote,
        AlsoQuoted = claim.AlsoQuoted,
        Notes = claim.Notes,
        Status = claim.IsRetracted ? ClaimStatus.Retracted : ClaimStatus.Active,
        RetractionReason = claim.RetractionReason,
        UpdatedAt = info.RecordedAt,
        Version = info.Version,
        LastPosition = info.Position,
    };

    private static ClaimHistoryEntry Entry(HistoryKind kind, EventInfo info, string actor, string? reason, IReadOnlyList<FieldChange> details) =>
        new(kind, info.RecordedAt, string.IsNullOrWhiteSpace(actor) ? info.Actor : actor, reason ?? info.Reason, details, info.Version);
}
