using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Domain;

/// <summary>Builds claim views for figure tests by folding real events (no source-text checks needed here).</summary>
internal static class ClaimViews
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    public static ClaimView View(
        string id,
        decimal value,
        PartialDate asOf,
        string platform = "telegram",
        string metric = "monthly_active_users",
        Qualifier qualifier = Qualifier.Exact,
        PartialDate? published = null,
        long position = 1,
        bool retracted = false,
        Verdict? verdict = null,
        PartialDate? since = null)
    {
        var asserted = new ClaimAsserted(
            id, $"source-of-{id}", platform, metric, value, "users", qualifier, new AsOf(asOf, since), [], new QuoteSpan("q", 0, 1), [],
            new Recorder(RecorderKind.Person, "curator"), null);
        var events = new List<(object, EventInfo)> { (asserted, new EventInfo(T0, "curator", null, position, 1)) };
        if (verdict is { } v)
        {
            events.Add((new ClaimReviewed(id, v, "checked", "reviewer"), new EventInfo(T0, "reviewer", null, position + 1000, 2)));
        }

        if (retracted)
        {
            events.Add((new ClaimRetracted(id, "misread"), new EventInfo(T0, "editor", null, position + 2000, events.Count + 1)));
        }

        var source = new SourceInfo($"source-of-{id}", $"Article {id}", null, published ?? PartialDate.Unknown, "id");
        return ClaimView.From(events, source);
    }
}
