using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

/// <summary>A ledger holding one source and one claim, the targets of the malformed-request corpus.</summary>
public sealed class ApiWithOneClaim : ApiFixture
{
    public const string SourceId = "corpus-source";
    public const string ClaimId = "corpus-source.telegram-mau";

    protected override async Task SeedAsync()
    {
        (await FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(SourceId))).EnsureSuccessStatusCode();
        (await FactChecker.PostJsonAsync("/api/claims", TestLedger.Claim(ClaimId, SourceId))).EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Requests a careless or hostile client sends. Each must be answered with a 4xx problem (never a 500) and must
/// append nothing.
/// </summary>
public sealed class MalformedRequestTests(ApiWithOneClaim api) : IClassFixture<ApiWithOneClaim>
{
    private sealed record Case(HttpMethod Method, string Url, string? Body, HttpStatusCode Status, string Type,
        string? ErrorField = null, string ContentType = "application/json", (string Name, string Value)? Header = null);

    private static readonly string ClaimUrl = TestLedger.ClaimUrl(ApiWithOneClaim.ClaimId);
    private static readonly int QuoteStart = TestLedger.Text.IndexOf(TestLedger.Quote, StringComparison.Ordinal);

    private static string NewClaim(Action<JsonObject> change)
    {
        var claim = JsonSerializer.SerializeToNode(TestLedger.Claim($"{ApiWithOneClaim.SourceId}.{Guid.NewGuid():N}", ApiWithOneClaim.SourceId), ApiAssertions.Json)!.AsObject();
        change(claim);
        return claim.ToJsonString();
    }

    private static string NewSource(Action<JsonObject> change)
    {
        var source = JsonSerializer.SerializeToNode(TestLedger.Source(TestLedger.NewId("bad")), ApiAssertions.Json)!.AsObject();
        change(source);
        return source.ToJsonString();
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["truncated JSON"] = new(HttpMethod.Post, "/api/sources", """{"sourceId": "x", "title": """, HttpStatusCode.BadRequest, "malformed-request"),
        ["not JSON at all"] = new(HttpMethod.Post, "/api/claims", "hello, ledger", HttpStatusCode.BadRequest, "malformed-request"),
        ["JSON null body"] = new(HttpMethod.Post, "/api/claims", "null", HttpStatusCode.BadRequest, "malformed-request"),
        ["array instead of object"] = new(HttpMethod.Post, "/api/claims", "[]", HttpStatusCode.BadRequest, "malformed-request"),
        ["empty body"] = new(HttpMethod.Post, "/api/claims", "", HttpStatusCode.BadRequest, "malformed-request"),
        ["value as a word"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = "lots"), HttpStatusCode.BadRequest, "malformed-request"),
        ["value as a numeric string"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = "250000000"), HttpStatusCode.BadRequest, "malformed-request"),
        ["value as a boolean"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = true), HttpStatusCode.BadRequest, "malformed-request"),
        ["value beyond decimal"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = JsonNode.Parse("1e400")), HttpStatusCode.BadRequest, "malformed-request"),
        ["quote start as text"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["quote"]!["start"] = "ten"), HttpStatusCode.BadRequest, "malformed-request"),
        ["misspelt member"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => { c["qualifer"] = c["qualifier"]!.DeepClone(); c.Remove("qualifier"); }), HttpStatusCode.BadRequest, "malformed-request"),
        ["wrong content type"] = new(HttpMethod.Post, "/api/sources", NewSource(_ => { }), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", ContentType: "text/plain"),
        ["missing every source field"] = new(HttpMethod.Post, "/api/sources", "{}", HttpStatusCode.BadRequest, "validation", "text"),
        ["missing every claim field"] = new(HttpMethod.Post, "/api/claims", "{}", HttpStatusCode.BadRequest, "validation", "value"),
        ["missing quote offsets"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["quote"] = new JsonObject { ["text"] = TestLedger.Quote }), HttpStatusCode.BadRequest, "validation", "quote.start"),
        ["unknown platform"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["platform"] = "myspace"), HttpStatusCode.BadRequest, "validation", "platform"),
        ["unknown metric"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["metric"] = "happiness"), HttpStatusCode.BadRequest, "validation", "metric"),
        ["quote not at its offsets"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["quote"] = new JsonObject
            { ["text"] = TestLedger.Quote, ["start"] = QuoteStart + 1, ["end"] = QuoteStart + 1 + TestLedger.Quote.Length }), HttpStatusCode.BadRequest, "validation", "quote"),
        ["quote not in the source"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["quote"] = new JsonObject
            { ["text"] = "999 billion users", ["start"] = 0, ["end"] = 17 }), HttpStatusCode.BadRequest, "validation", "quote"),
        ["negative offsets"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["quote"] = new JsonObject
            { ["text"] = TestLedger.Quote, ["start"] = -5, ["end"] = 27 }), HttpStatusCode.BadRequest, "validation", "quote"),
        ["negative value"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = -5), HttpStatusCode.BadRequest, "validation", "value"),
        ["zero value"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["value"] = 0), HttpStatusCode.BadRequest, "validation", "value"),
        ["wrong unit"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["unit"] = "messages/day"), HttpStatusCode.BadRequest, "validation", "unit"),
        ["month thirteen"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["asOf"] = new JsonObject { ["date"] = "2016-13-01" }), HttpStatusCode.BadRequest, "validation", "asOf.date"),
        ["February 30th"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["asOf"] = new JsonObject { ["date"] = "2016-02-30" }), HttpStatusCode.BadRequest, "validation", "asOf.date"),
        ["as-of after publication"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["asOf"] = new JsonObject { ["date"] = "2030-01-01" }), HttpStatusCode.BadRequest, "validation", "asOf.date"),
        ["period ending before it starts"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["asOf"] = new JsonObject { ["date"] = "2017", ["since"] = "2018-01" }), HttpStatusCode.BadRequest, "validation", "asOf.since"),
        ["unknown qualifier"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["qualifier"] = "roughly"), HttpStatusCode.BadRequest, "validation", "qualifier"),
        ["unknown attribution role"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["attribution"] = new JsonArray(new JsonObject { ["name"] = "X", ["role"] = "friend" })), HttpStatusCode.BadRequest, "validation", "attribution[0].role"),
        ["source that does not exist"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["sourceId"] = "nowhere"), HttpStatusCode.BadRequest, "validation", "sourceId"),
        ["claim id taken"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["claimId"] = ApiWithOneClaim.ClaimId), HttpStatusCode.BadRequest, "validation", "claimId"),
        ["claim id with capitals"] = new(HttpMethod.Post, "/api/claims", NewClaim(c => c["claimId"] = "Not.A Slug"), HttpStatusCode.BadRequest, "validation", "claimId"),
        ["source id with spaces"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["sourceId"] = "not a slug"), HttpStatusCode.BadRequest, "validation", "sourceId"),
        ["publication date as a word"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["published"] = "yesterday"), HttpStatusCode.BadRequest, "validation", "published"),
        ["language that is no code"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["language"] = "english"), HttpStatusCode.BadRequest, "validation", "language"),
        ["url that is no url"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["url"] = "javascript:alert(1)"), HttpStatusCode.BadRequest, "validation", "url"),
        ["source id already registered"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["sourceId"] = ApiWithOneClaim.SourceId), HttpStatusCode.BadRequest, "validation", "sourceId"),
        ["oversize body"] = new(HttpMethod.Post, "/api/sources", NewSource(s => s["text"] = new string('a', 300 * 1024)), HttpStatusCode.RequestEntityTooLarge, "payload-too-large"),
        ["unknown verdict"] = new(HttpMethod.Post, $"{ClaimUrl}/reviews", """{"verdict":"meh","rationale":"x"}""", HttpStatusCode.BadRequest, "validation", "verdict"),
        ["review without rationale"] = new(HttpMethod.Post, $"{ClaimUrl}/reviews", """{"verdict":"false"}""", HttpStatusCode.BadRequest, "validation", "rationale"),
        ["retraction without reason"] = new(HttpMethod.Post, $"{ClaimUrl}/retraction", """{"reason":"  "}""", HttpStatusCode.BadRequest, "validation", "reason"),
        ["correction that changes nothing"] = new(HttpMethod.Post, $"{ClaimUrl}/corrections", """{"value":250000000,"reason":"Same"}""", HttpStatusCode.BadRequest, "validation", "changes"),
        ["correction clearing an unclearable field"] = new(HttpMethod.Post, $"{ClaimUrl}/corrections", """{"cleared":["value"],"reason":"x"}""", HttpStatusCode.BadRequest, "validation", "cleared"),
        ["correction to an unknown platform"] = new(HttpMethod.Post, $"{ClaimUrl}/corrections", """{"platform":"myspace","reason":"x"}""", HttpStatusCode.BadRequest, "validation", "platform"),
        ["If-Match that is no version"] = new(HttpMethod.Post, $"{ClaimUrl}/corrections", """{"notes":"n","reason":"x"}""", HttpStatusCode.BadRequest, "malformed-request", Header: ("If-Match", "\"abc\"")),
        ["Idempotency-Key too long"] = new(HttpMethod.Post, $"{ClaimUrl}/reviews", """{"verdict":"supported","rationale":"x"}""", HttpStatusCode.BadRequest, "malformed-request", Header: ("Idempotency-Key", new string('k', 300))),
        ["ledger-as-of that is no time"] = new(HttpMethod.Get, "/api/figures?ledger-as-of=yesterday", null, HttpStatusCode.BadRequest, "validation", "ledger-as-of"),
        ["negative ledger-as-of"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?ledger-as-of=-3", null, HttpStatusCode.BadRequest, "validation", "ledger-as-of"),
        ["ledger-as-of on a trail"] = new(HttpMethod.Get, $"{ClaimUrl}/trail?ledger-as-of=soon", null, HttpStatusCode.BadRequest, "validation", "ledger-as-of"),
        ["valid-at on February 30th"] = new(HttpMethod.Get, "/api/figures/telegram?valid-at=2016-02-30", null, HttpStatusCode.BadRequest, "validation", "valid-at"),
        ["figures filtered by an unknown platform"] = new(HttpMethod.Get, "/api/figures?platform=myspace", null, HttpStatusCode.BadRequest, "validation", "platform"),
        ["limit of zero"] = new(HttpMethod.Get, "/api/claims?limit=0", null, HttpStatusCode.BadRequest, "validation", "limit"),
        ["limit as a word"] = new(HttpMethod.Get, "/api/claims?limit=many", null, HttpStatusCode.BadRequest, "malformed-request"),
        ["timeline limit of zero"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?limit=0", null, HttpStatusCode.BadRequest, "validation", "limit"),
        ["timeline limit above the maximum"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?limit=5001", null, HttpStatusCode.BadRequest, "validation", "limit"),
        ["timeline limit as a word"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?limit=all", null, HttpStatusCode.BadRequest, "malformed-request"),
        ["timeline cursor made up"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?after=page-2", null, HttpStatusCode.BadRequest, "validation", "after"),
        ["timeline cursor that is base64 of nothing"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?after=dDF8eA", null, HttpStatusCode.BadRequest, "validation", "after"),
        ["page claims cursor made up"] = new(HttpMethod.Get, "/api/pages/claims/telegram/monthly_active_users?after=%00%01", null, HttpStatusCode.BadRequest, "validation", "after"),
        ["timeline cursor left empty"] = new(HttpMethod.Get, "/api/timelines/telegram/monthly_active_users?after=", null, HttpStatusCode.BadRequest, "validation", "after"),
        ["negative feed checkpoint"] = new(HttpMethod.Get, "/api/events?after=-1", null, HttpStatusCode.BadRequest, "validation", "after"),
        ["Last-Event-ID that is no sequence"] = new(HttpMethod.Get, "/api/events/stream", null, HttpStatusCode.BadRequest, "validation", "Last-Event-ID", Header: ("Last-Event-ID", "yesterday")),
        ["unknown projection to rebuild"] = new(HttpMethod.Post, "/api/admin/rebuilds", """{"projection":"everything"}""", HttpStatusCode.BadRequest, "validation", "projection"),
        ["key with an unknown role"] = new(HttpMethod.Post, "/api/admin/keys", """{"role":"root","owner":"Mallory"}""", HttpStatusCode.BadRequest, "validation", "role"),
        ["metric of an unknown kind"] = new(HttpMethod.Post, "/api/admin/catalog/metrics", """{"id":"dau_x","name":"x","kind":"vibe","unit":"users","definition":"d","reason":"r"}""", HttpStatusCode.BadRequest, "validation", "kind"),
        ["alias that already exists"] = new(HttpMethod.Post, "/api/admin/catalog/aliases", """{"platformId":"signal","alias":"WA","reason":"r"}""", HttpStatusCode.BadRequest, "validation", "alias"),
        ["method not allowed"] = new(HttpMethod.Put, "/api/sources", "{}", HttpStatusCode.MethodNotAllowed, "method-not-allowed"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_request_is_a_4xx_problem_and_appends_nothing(string name)
    {
        var badCase = Cases[name];
        using var request = new HttpRequestMessage(badCase.Method, badCase.Url);
        if (badCase.Body is not null)
        {
            request.Content = new StringContent(badCase.Body, Encoding.UTF8, badCase.ContentType);
        }

        if (badCase.Header is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        var before = await api.CountEventsAsync();

        var response = await api.Admin.SendAsync(request);

        var problem = await response.AssertProblemAsync(badCase.Status, badCase.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (badCase.ErrorField is { } field)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors}");
            Assert.NotEmpty(messages.EnumerateArray());
        }

        Assert.Equal(before, await api.CountEventsAsync());
    }
}
