using FactLedger.Ledger.Claims;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// Chooses the figure in effect from claims about one platform and metric (canonical ids; a change metric is a
/// different metric from its level, so the two never mix). Retracted and false-rated claims are excluded, forecasts
/// are listed but never chosen, and among the rest the latest as-of wins (<see cref="FigureRules.LatestFirst"/>).
/// This works on claims in memory (ledger time); <see cref="FigureReader"/> feeds the same steps from indexed queries.
/// </summary>
public static class FigureCalculator
{
    /// <summary>The figure in effect now, or null when no eligible, non-forecast claim exists.</summary>
    public static CurrentFigure? Current(string platform, string metric, IReadOnlyCollection<ClaimView> claims) =>
        Choose(platform, metric, claims, null);

    /// <summary>The figure that applied on <paramref name="date"/>: the latest eligible as-of that had begun by then.</summary>
    public static CurrentFigure? ValidAt(string platform, string metric, IReadOnlyCollection<ClaimView> claims, DateOnly date) =>
        Choose(platform, metric, claims, date);

    /// <summary>Whether a candidate could be the figure on <paramref name="validAt"/> (any candidate when null).</summary>
    public static bool InEffect(AsOf asOf, DateOnly? validAt) =>
        validAt is not { } date || (asOf.Date.IsKnown && asOf.Date.Start <= date);

    private static CurrentFigure? Choose(string platform, string metric, IReadOnlyCollection<ClaimView> claims, DateOnly? validAt)
    {
        var relevant = claims.Where(c => c.Platform == platform && c.Metric == metric).Order(FigureRules.LatestFirst).ToArray();
        var candidates = relevant.Where(c => FigureRules.Role(c) == FigureRole.Candidate && InEffect(c.AsOf, validAt)).ToArray();
        if (candidates.Length == 0)
        {
            return null;
        }

        var chosen = candidates[0];
        var lists = Classify(chosen, candidates.Skip(1), c => (c.Qualifier, c.Value, c.AsOf));
        var forecasts = Listed.Of(relevant.Where(c => FigureRules.Role(c) == FigureRole.Forecast));
        var excluded = Listed.Of(relevant.Where(c => FigureRules.Role(c) == FigureRole.Excluded));
        return Assemble(platform, metric, chosen, lists.Map(FigureClaim.From), forecasts.Map(FigureClaim.From), excluded.Map(Excluded));
    }

    /// <summary>
    /// Sorts the other candidates (latest first) into the figure's supporting, compatible and conflicting claims:
    /// those of the same period (<see cref="FigureRules.SamePeriod"/>), by <see cref="FigureRules.Relation"/>.
    /// </summary>
    internal static FigureLists<T> Classify<T>(T chosen, IEnumerable<T> others, Func<T, (Qualifier Qualifier, decimal Value, AsOf AsOf)> terms)
    {
        var figure = terms(chosen);
        var lists = new FigureLists<T>(new Listed<T>(), new Listed<T>(), new Listed<T>());
        foreach (var other in others)
        {
            var (qualifier, value, asOf) = terms(other);
            if (!FigureRules.SamePeriod(figure.AsOf, asOf))
            {
                continue;
            }

            (FigureRules.Relation(figure.Qualifier, figure.Value, qualifier, value) switch
            {
                FigureRelation.Supporting => lists.Supporting,
                FigureRelation.Compatible => lists.Compatible,
                _ => lists.Conflicts,
            }).Add(other);
        }

        return lists;
    }

    internal static CurrentFigure Assemble(
        string platform, string metric, ClaimView chosen, FigureLists<FigureClaim> lists, Listed<FigureClaim> forecasts, Listed<ExcludedClaim> excluded) =>
        new(
            platform,
            metric,
            chosen.Value,
            chosen.Unit,
            chosen.Qualifier,
            chosen.AsOf,
            chosen.ClaimId,
            chosen.SourceId,
            chosen.Source.Title,
            chosen.Source.Published,
            lists.Supporting.Items, lists.Supporting.Total,
            lists.Compatible.Items, lists.Compatible.Total,
            lists.Conflicts.Items, lists.Conflicts.Total,
            forecasts.Items, forecasts.Total,
            excluded.Items, excluded.Total);

    internal static ExcludedClaim Excluded(ClaimView claim)
    {
        var reason = FigureRules.Exclusion(claim) ?? throw new ArgumentException($"Claim {claim.ClaimId} is not excluded.", nameof(claim));
        return new ExcludedClaim(claim.ClaimId, claim.SourceId, claim.Value, claim.Qualifier, claim.AsOf, reason, FigureRules.Explain(claim, reason));
    }
}

/// <summary>The first <see cref="CurrentFigure.MaxListed"/> of a list, in the order added, and how many were added.</summary>
internal sealed class Listed<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Items => _items;

    public int Total { get; private set; }

    public void Add(T item)
    {
        Total++;
        if (_items.Count < CurrentFigure.MaxListed)
        {
            _items.Add(item);
        }
    }

    /// <summary>A list read already cut: its first items and the total counted apart.</summary>
    public static Listed<T> Of(IEnumerable<T> first, int total)
    {
        var listed = new Listed<T>();
        listed._items.AddRange(first.Take(CurrentFigure.MaxListed));
        listed.Total = total;
        return listed;
    }

    public Listed<TResult> Map<TResult>(Func<T, TResult> map)
    {
        var mapped = new Listed<TResult>();
        mapped._items.AddRange(_items.Select(map));
        mapped.Total = Total;
        return mapped;
    }
}

internal static class Listed
{
    public static Listed<T> Of<T>(IEnumerable<T> items)
    {
        var listed = new Listed<T>();
        foreach (var item in items)
        {
            listed.Add(item);
        }

        return listed;
    }
}

internal sealed record FigureLists<T>(Listed<T> Supporting, Listed<T> Compatible, Listed<T> Conflicts)
{
    public FigureLists<TResult> Map<TResult>(Func<T, TResult> map) => new(Supporting.Map(map), Compatible.Map(map), Conflicts.Map(map));
}
