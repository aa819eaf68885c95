using FactLedger.Benchmarks.Harness;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Benchmarks.Generator;

/// <summary>What a generated ledger holds: event mix, article sizes, and how claims spread over platform/metric timelines.</summary>
public sealed class LedgerCensus
{
    private readonly Dictionary<string, long> _eventTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _timelines = new(StringComparer.Ordinal);
    private long _articles;
    private long _claims;
    private long _textChars;
    private long _events;
    private readonly HashSet<Guid> _eventIds = [];
    private long _duplicateIds;

    public void Add(GeneratedArticle article)
    {
        _articles++;
        _events += article.EventCount;
        foreach (var e in article.Streams.SelectMany(s => s.Events))
        {
            if (!_eventIds.Add(e.EventId))
            {
                _duplicateIds++;
            }

            var name = LedgerEvents.NameOf(e.Data);
            _eventTypes[name] = _eventTypes.GetValueOrDefault(name) + 1;
            switch (e.Data)
            {
                case SourceRegistered registered:
                    _textChars += registered.Text.Length;
                    break;
                case ClaimAsserted asserted:
                    _claims++;
                    var key = $"{asserted.Platform}/{asserted.Metric}";
                    _timelines[key] = _timelines.GetValueOrDefault(key) + 1;
                    break;
            }
        }
    }

    public IEnumerable<string> Describe()
    {
        yield return $"{Formats.Count(_events)} events, {Formats.Count(_articles)} articles, {Formats.Count(_claims)} claims ({(double)_claims / _articles:0.0} per article, {(double)_events / _articles:0.0} events per article)";
        yield return $"duplicate event ids: {_duplicateIds}";
        yield return $"article text: {(double)_textChars / _articles:#,0} characters on average";
        yield return "events: " + string.Join(", ", _eventTypes.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {Formats.Count(p.Value)} ({100.0 * p.Value / _events:0.0}%)"));
        var byClaim = _eventTypes.Where(p => p.Key.StartsWith("claim-", StringComparison.Ordinal) && p.Key != "claim-asserted")
            .Select(p => $"{p.Key[6..]} {100.0 * p.Value / _claims:0.0} per 100 claims");
        yield return "per claim: " + string.Join(", ", byClaim);
        yield return $"timelines: {_timelines.Count} platform/metric pairs; largest: " +
            string.Join(", ", _timelines.OrderByDescending(p => p.Value).Take(5).Select(p => $"{p.Key} {Formats.Count(p.Value)} ({100.0 * p.Value / _claims:0.0}%)"));
    }
}
