using System.Net;
using FactLedger.Api.Tests.Infrastructure;
using FactLedger.Ledger.Access;

namespace FactLedger.Api.Tests;

/// <summary>A fresh ledger whose write limit is out of the way, for many writes in a row.</summary>
public sealed class UnthrottledApi : EmptyLedgerApi
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["FactLedger:Api:WritesPerWindow"] = "100000" };
}

/// <summary>Each write and admin operation as anonymous, fact-checker, admin, revoked and made-up keys.</summary>
public sealed class AuthorizationTests(UnthrottledApi api) : IClassFixture<UnthrottledApi>
{
    public enum Caller
    {
        Anonymous,
        FactChecker,
        Admin,
        RevokedKey,
        MadeUpKey,
    }

    private sealed record Operation(string Role, Func<UnthrottledApi, Task<HttpRequestMessage>> Prepare);

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["register-source"] = new(ApiKeyRoles.FactChecker, _ => Task.FromResult(Post("/api/sources", TestLedger.Source(TestLedger.NewId("auth"))))),
        ["correct-source"] = new(ApiKeyRoles.FactChecker, async api =>
        {
            var sourceId = await NewSourceAsync(api);
            return Post($"/api/sources/{sourceId}/corrections", new { title = "A better title", reason = "Clearer" });
        }),
        ["assert-claim"] = new(ApiKeyRoles.FactChecker, async api =>
        {
            var sourceId = await NewSourceAsync(api);
            return Post("/api/claims", TestLedger.Claim($"{sourceId}.mau", sourceId));
        }),
        ["correct-claim"] = new(ApiKeyRoles.FactChecker, async api =>
            Post(TestLedger.ClaimUrl((await TestLedger.CreateClaimAsync(api.Admin)).ClaimId, "/corrections"), new { notes = "More context", reason = "Context" })),
        ["review-claim"] = new(ApiKeyRoles.FactChecker, async api =>
            Post(TestLedger.ClaimUrl((await TestLedger.CreateClaimAsync(api.Admin)).ClaimId, "/reviews"), new { verdict = "supported", rationale = "Checked" })),
        ["retract-claim"] = new(ApiKeyRoles.FactChecker, async api =>
            Post(TestLedger.ClaimUrl((await TestLedger.CreateClaimAsync(api.Admin)).ClaimId, "/retraction"), new { reason = "Misread" })),
        ["add-platform"] = new(ApiKeyRoles.Admin, _ =>
        {
            var id = TestLedger.NewId("app");
            return Task.FromResult(Post("/api/admin/catalog/platforms", new { id, name = $"App {id}", aliases = Array.Empty<string>(), reason = "New app" }));
        }),
        ["add-alias"] = new(ApiKeyRoles.Admin, _ =>
            Task.FromResult(Post("/api/admin/catalog/aliases", new { platformId = "signal", alias = TestLedger.NewId("sig"), reason = "Nickname" }))),
        ["add-metric"] = new(ApiKeyRoles.Admin, _ =>
        {
            var id = $"m_{Guid.NewGuid():N}"[..14];
            return Task.FromResult(Post("/api/admin/catalog/metrics", new { id, name = id, kind = "level", unit = "users", definition = "Test metric.", reason = "Test" }));
        }),
        ["start-rebuild"] = new(ApiKeyRoles.Admin, _ => Task.FromResult(Post("/api/admin/rebuilds", new { projection = "sources" }))),
        ["list-rebuilds"] = new(ApiKeyRoles.Admin, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/admin/rebuilds"))),
        ["verify"] = new(ApiKeyRoles.Admin, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/admin/verify"))),
        ["list-keys"] = new(ApiKeyRoles.Admin, _ => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, "/api/admin/keys"))),
        ["create-key"] = new(ApiKeyRoles.Admin, _ => Task.FromResult(Post("/api/admin/keys", new { role = "fact-checker", owner = "New Checker" }))),
        ["revoke-key"] = new(ApiKeyRoles.Admin, async api =>
        {
            var created = await api.Service<ApiKeyStore>().CreateAsync(ApiKeyRoles.FactChecker, "Soon Revoked");
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/keys/{created.Id}");
        }),
    };

    public static TheoryData<string, Caller> Matrix()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var operation in Operations.Keys)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(operation, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Writes_need_a_live_key_and_admin_operations_an_admin_key(string operationName, Caller caller)
    {
        var operation = Operations[operationName];
        using var request = await operation.Prepare(api);
        var client = await ClientAsync(caller);
        var before = await api.CountEventsAsync();

        var response = await client.SendAsync(request);

        var allowed = caller == Caller.Admin || (caller == Caller.FactChecker && operation.Role == ApiKeyRoles.FactChecker);
        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{operationName} as {caller}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return;
        }

        if (caller == Caller.FactChecker)
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task Reads_need_no_key_and_ignore_a_bad_one()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous.GetAsync("/api/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await ClientAsync(Caller.MadeUpKey)).GetAsync("/api/catalog")).StatusCode);
    }

    private async Task<HttpClient> ClientAsync(Caller caller) => caller switch
    {
        Caller.Anonymous => api.Anonymous,
        Caller.FactChecker => api.FactChecker,
        Caller.Admin => api.Admin,
        Caller.RevokedKey => await RevokedClientAsync(),
        _ => api.CreateClient("flk_abcdefghij_" + new string('x', 43)),
    };

    private async Task<HttpClient> RevokedClientAsync()
    {
        var keys = api.Service<ApiKeyStore>();
        var created = await keys.CreateAsync(ApiKeyRoles.Admin, "Former Admin");
        Assert.True(await keys.RevokeAsync(created.Id));
        return api.CreateClient(created.Key);
    }

    private static async Task<string> NewSourceAsync(UnthrottledApi api)
    {
        var sourceId = TestLedger.NewId("auth");
        (await api.Admin.PostJsonAsync("/api/sources", TestLedger.Source(sourceId))).EnsureSuccessStatusCode();
        return sourceId;
    }

    private static HttpRequestMessage Post(string url, object body) =>
        new(HttpMethod.Post, url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: ApiAssertions.Json) };
}
