using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactLedger.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Faults;

/// <summary>A source and a claim to aim corrections, reviews and candidates at, with the write limit out of the way.</summary>
public sealed class FuzzLedgerApi : ApiFixture
{
    public string SourceId { get; } = TestLedger.NewId("fuzz-src");

    public string ClaimId => $"{SourceId}.mau";

    public string RetractableClaimId => $"{SourceId}.retractable";

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["FactLedger:Api:WritesPerWindow"] = "1000000" };

    protected override async Task SeedAsync()
    {
        (await FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(SourceId))).EnsureSuccessStatusCode();
        (await FactChecker.PostJsonAsync("/api/claims", TestLedger.Claim(ClaimId, SourceId))).EnsureSuccessStatusCode();
        (await FactChecker.PostJsonAsync("/api/claims", TestLedger.Claim(RetractableClaimId, SourceId))).EnsureSuccessStatusCode();
    }
}

/// <summary>
/// Issue 7 (faults): every write endpoint, fed thousands of bodies mutated from valid ones with a seeded generator,
/// never answers 5xx, answers every 4xx as problem+json, and appends exactly one event per accepted write and none
/// per rejected one.
/// </summary>
public sealed class WriteFuzzTests(FuzzLedgerApi api, ITestOutputHelper output) : IClassFixture<FuzzLedgerApi>
{
    private const int BodiesPerEndpoint = 200;

    private sealed record Endpoint(string Url, HttpClient Client, Func<JsonObject> ValidBody);

    [Fact]
    public async Task Mutated_bodies_never_fail_the_server_and_only_accepted_writes_append()
    {
        var endpoints = Endpoints();
        var statuses = new SortedDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();
        for (var e = 0; e < endpoints.Count; e++)
        {
            var endpoint = endpoints[e];
            var random = new Random(7_000 + e);
            for (var i = 0; i < BodiesPerEndpoint; i++)
            {
                var (body, contentType, what) = Mutate(random, endpoint.ValidBody());
                var before = await api.CountEventsAsync();
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
                {
                    Content = new ByteArrayContent(body),
                };
                if (contentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                using var response = await endpoint.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var context = $"POST {endpoint.Url} #{i} ({what}) -> {status}: {Shorten(text)}\nbody: {Shorten(Encoding.UTF8.GetString(body))}";
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                Assert.True(status < 500, context);
                var appended = await api.CountEventsAsync() - before;
                if (status >= 400)
                {
                    Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, context);
                    Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
                    Assert.True(appended == 0, $"{appended} events appended by a rejected write. {context}");
                }
                else
                {
                    Assert.True(appended == 1, $"{appended} events appended by an accepted write. {context}");
                }
            }
        }

        output.WriteLine($"{endpoints.Count * BodiesPerEndpoint} requests in {stopwatch.Elapsed}: "
            + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(statuses.Keys.Any(s => s >= 400), "The generator never produced an invalid body.");
    }

    /// <summary>
    /// Found by the fuzzer: PostgreSQL text and jsonb cannot hold NUL, and nothing rejects it first, so Npgsql throws
    /// (22021 when an id reaches ReadStreamAsync; likewise for a NUL in the text) and the API answered 500 where a 400 is due.
    /// Fixed: the store finds no stream for an id no append accepts, and the API maps such input errors to 400.
    /// </summary>
    [Theory]
    [InlineData("in the id")]
    [InlineData("in the text")]
    public async Task Nul_in_a_string_field_is_a_validation_error(string where)
    {
        var before = await api.CountEventsAsync();
        var body = where == "in the id"
            ? TestLedger.Source("nul\u0000id")
            : TestLedger.Source(TestLedger.NewId("nul"), text: "Telegram has \u0000 250 million monthly active users");

        var response = await api.FactChecker.PostJsonAsync("/api/sources", body);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await api.CountEventsAsync());
    }

    private List<Endpoint> Endpoints()
    {
        var sourceId = api.SourceId;
        return
        [
            new("/api/sources", api.FactChecker, () => Node(TestLedger.Source(TestLedger.NewId("fz")))),
            new($"/api/sources/{sourceId}/corrections", api.FactChecker, () => Node(new { reason = "Typo", title = "Telegram reaches 250M", published = "2018-03-21" })),
            new("/api/claims", api.FactChecker, () => Node(TestLedger.Claim($"{sourceId}.{TestLedger.NewId("c")}", sourceId))),
            new(TestLedger.ClaimUrl(api.ClaimId, "/corrections"), api.FactChecker, () => Node(new { reason = "Misread", value = 251_000_000, asOf = new { date = "2018-03" } })),
            new(TestLedger.ClaimUrl(api.ClaimId, "/reviews"), api.FactChecker, () => Node(new { verdict = "supported", rationale = "Matches the blog post" })),
            new(TestLedger.ClaimUrl(api.RetractableClaimId, "/retraction"), api.FactChecker, () => Node(new { reason = "Duplicate of another claim" })),
            new($"/api/sources/{sourceId}/candidates/accept", api.FactChecker, () => Node(TestLedger.Claim($"{sourceId}.{TestLedger.NewId("acc")}", sourceId))),
            new("/api/admin/catalog/platforms", api.Admin, () =>
            {
                var id = TestLedger.NewId("plat");
                return Node(new { id, name = $"Platform {id}", aliases = new[] { $"alias {id}" }, reason = "In the news" });
            }),
            new("/api/admin/catalog/aliases", api.Admin, () => Node(new { platformId = "telegram", alias = $"tg {TestLedger.NewId("a")}", reason = "Nickname" })),
            new("/api/admin/catalog/metrics", api.Admin, () =>
            {
                var id = TestLedger.NewId("metric").Replace('-', '_');
                return Node(new { id, name = "Weekly active users", kind = "level", unit = "users", definition = "Users active in a week.", reason = "Reported weekly" });
            }),
        ];
    }

    private static JsonObject Node(object body) => JsonSerializer.SerializeToNode(body, ApiAssertions.Json)!.AsObject();

    private static readonly Func<Random, JsonNode?>[] Garbage =
    [
        _ => null,
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(int.MinValue),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-4.9e-324),
        _ => JsonNode.Parse("123456789012345678901234567890123456789012345678901234567890"),
        _ => JsonNode.Parse("1e400"),
        _ => JsonValue.Create("NaN"),
        _ => JsonValue.Create("-Infinity"),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("   "),
        _ => JsonValue.Create("2016-13-45"),
        _ => JsonValue.Create("2016-02-30"),
        _ => JsonValue.Create("0000-00-00"),
        _ => JsonValue.Create("99999-01-01"),
        // NUL has its own test below (Nul_in_a_string_field_is_a_validation_error), which pins the fix.
        _ => JsonValue.Create("\u0001\u001f\u007f\u0085"),
        _ => JsonValue.Create("\ud83d\ude00 日本語 \u202e عربى \ufeff"),
        r => JsonValue.Create(new string('x', r.Next(1_000, 60_000))),
        _ => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = new JsonArray(1, "two", null, new JsonObject()) } },
        _ => new JsonArray(),
        _ => new JsonArray("a", 1, null),
        _ => new JsonObject(),
        _ => JsonNode.Parse(new string('[', 200) + new string(']', 200), documentOptions: new JsonDocumentOptions { MaxDepth = 1_000 }),
        r => JsonValue.Create(r.Next(-1_000_000, 1_000_000)),
    ];

    /// <summary>One mutation of a valid body: the bytes to send, the content type (null for none) and what was done.</summary>
    private static (byte[] Body, string? ContentType, string What) Mutate(Random random, JsonObject valid)
    {
        const string json = "application/json";
        switch (random.Next(12))
        {
            case 0:
                return ([], random.Next(2) == 0 ? json : null, "empty body");
            case 1:
            {
                var bytes = Encoding.UTF8.GetBytes(valid.ToJsonString());
                return (bytes[..random.Next(1, bytes.Length)], json, "truncated");
            }

            case 2:
                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), random.Next(2) == 0 ? "text/plain" : "application/x-www-form-urlencoded", "wrong content type");
            case 3:
            {
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                return (bytes, json, "random bytes");
            }

            case 4:
                return (Encoding.UTF8.GetBytes(Garbage[random.Next(Garbage.Length)](random)?.ToJsonString() ?? "null"), json, "garbage root");
            default:
            {
                var mutations = random.Next(1, 4);
                var what = new List<string>();
                for (var m = 0; m < mutations; m++)
                {
                    what.Add(MutateField(random, valid));
                }

                return (Encoding.UTF8.GetBytes(valid.ToJsonString()), json, string.Join("; ", what));
            }
        }
    }

    private static string MutateField(Random random, JsonNode root)
    {
        var (parent, key) = PickField(random, root);
        if (parent is null)
        {
            return "nothing to mutate";
        }

        if (random.Next(4) == 0)
        {
            Remove(parent, key);
            return $"dropped {key}";
        }

        var index = random.Next(Garbage.Length);
        Set(parent, key, Garbage[index](random));
        return $"{key} = garbage #{index}";
    }

    /// <summary>A field anywhere in the body, nested ones included, chosen uniformly among all of them.</summary>
    private static (JsonNode? Parent, object Key) PickField(Random random, JsonNode root)
    {
        var fields = new List<(JsonNode, object)>();
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o)
                    {
                        fields.Add((o, name));
                        Walk(child);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        fields.Add((a, i));
                        Walk(a[i]);
                    }

                    break;
            }
        }

        Walk(root);
        return fields.Count == 0 ? (null, "") : fields[random.Next(fields.Count)];
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            parent.AsArray()[(int)key] = value;
        }
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (parent is JsonObject o)
        {
            o.Remove((string)key);
        }
        else
        {
            parent.AsArray().RemoveAt((int)key);
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
