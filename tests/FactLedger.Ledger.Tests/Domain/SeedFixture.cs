using System.Text.Json;
using System.Text.Json.Nodes;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Seeds;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Tests.Domain;

/// <summary>A small seed folder as file name → content, editable through JSON nodes.</summary>
internal sealed class SeedFixture
{
    public const string SourceFile = "000_test.source.json";
    public const string ClaimsFile = "000_test.claims.json";
    public const string TextFile = "000_test.txt";

    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public SeedFixture()
    {
        Files[TextFile] = Fixtures.ArticleText;
        Files[SourceFile] = """
            {
              "id": "liputan6-2016", "file": "000_test.txt", "title": "Telegram Kantongi 100 Juta Pengguna Aktif",
              "publisher": "Liputan6.com", "author": null, "url": null, "language": "id", "published": "2016-02-24",
              "publishedNote": "byline", "notes": null
            }
            """;
        var mau = Fixtures.Quote("memiliki 100 juta pengguna aktif bulanan sampai saat ini");
        var headline = Fixtures.Quote("Telegram Kantongi 100 Juta Pengguna Aktif");
        var gain = Fixtures.Quote("38 juta pengguna aktif bulanan");
        var excluded = Fixtures.Quote("Liputan6.com, Jakarta");
        Files[ClaimsFile] = $$"""
            {
              "sourceId": "liputan6-2016",
              "claims": [
                {
                  "id": "liputan6-2016.telegram-mau-100m", "platform": "telegram", "metric": "monthly_active_users",
                  "value": 100000000, "unit": "users", "qualifier": "exact",
                  "asOf": { "date": "2016-02-24", "since": null, "text": "sampai saat ini", "note": "publication" },
                  "attribution": [ { "name": "Liputan6.com", "role": "article" }, { "name": "Telegram", "role": "organization" } ],
                  "quote": "{{mau.Text}}", "start": {{mau.Start}}, "end": {{mau.End}},
                  "alsoQuoted": [ { "quote": "{{headline.Text}}", "start": {{headline.Start}}, "end": {{headline.End}} } ],
                  "notes": "level"
                },
                {
                  "id": "liputan6-2016.telegram-mau-gain-38m", "platform": "TG", "metric": "monthly_active_users_change",
                  "value": 38000000, "unit": "users", "qualifier": "exact",
                  "asOf": { "date": "2016-02-24", "since": "2015-05", "text": "Sejak Mei tahun lalu", "note": null },
                  "attribution": [], "quote": "{{gain.Text}}", "start": {{gain.Start}}, "end": {{gain.End}}, "alsoQuoted": [], "notes": null
                }
              ],
              "corrections": [
                {
                  "claimId": "liputan6-2016.telegram-mau-100m",
                  "changes": { "asOf": { "date": "2016-02-23", "since": null, "text": "sampai saat ini", "note": "blog post day" } },
                  "reason": "Telegram's blog post is dated 23 Feb 2016", "actor": "seed-curator"
                }
              ],
              "excluded": [ { "quote": "{{excluded.Text}}", "start": {{excluded.Start}}, "end": {{excluded.End}}, "reason": "dateline" } ]
            }
            """;
    }

    public SeedSet Load() => SeedFolder.Parse(Files);

    /// <summary>Edits a JSON file in place.</summary>
    public SeedFixture Edit(string file, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(Files[file])!;
        edit(node);
        Files[file] = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return this;
    }

    public static SeedPlan Plan(SeedSet seeds, Ledger? ledger = null)
    {
        ledger ??= new Ledger();
        return SeedPlan.Create(seeds, ledger.Sources, ledger.Claims, Fixtures.BuiltIn);
    }

    /// <summary>The domain state of a ledger, built by folding planned (or hand-made) events.</summary>
    public sealed class Ledger
    {
        public Dictionary<string, Source> Sources { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Claim> Claims { get; } = new(StringComparer.Ordinal);

        public Ledger Append(SeedPlan plan)
        {
            foreach (var stream in plan.Streams)
            {
                foreach (var planned in stream.Events)
                {
                    Append(planned.Event);
                }
            }

            return this;
        }

        public Ledger Append(object @event)
        {
            switch (@event)
            {
                case SourceRegistered or SourceMetadataCorrected:
                    var sourceId = @event is SourceRegistered r ? r.SourceId : ((SourceMetadataCorrected)@event).SourceId;
                    Sources[sourceId] = Source.Evolve(Sources.GetValueOrDefault(sourceId), @event)!;
                    break;
                default:
                    var claimId = (string)@event.GetType().GetProperty("ClaimId")!.GetValue(@event)!;
                    Claims[claimId] = Claim.Evolve(Claims.GetValueOrDefault(claimId), @event)!;
                    break;
            }

            return this;
        }
    }
}
