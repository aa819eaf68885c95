using System.Net;
using System.Text.Json.Nodes;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

/// <summary>Issue 6 over HTTP: the extractor proposes claims for a registered source; a fact-checker accepts one.</summary>
public sealed class CandidatesTests(ApiWithSeedsIngested api) : IClassFixture<ApiWithSeedsIngested>
{
    private const string FrenchSource = "unknown-undated-telegram-400-millions";

    [Fact]
    public async Task Proposing_candidates_returns_ready_claims_and_appends_nothing()
    {
        var before = await api.CountEventsAsync();
        var proposals = await (await api.FactChecker.PostAsync($"/api/sources/{FrenchSource}/candidates", null)).AssertOkJsonAsync();

        Assert.Equal("factledger-extractor", proposals.GetProperty("extractor").GetString());
        Assert.Equal("fr", proposals.GetProperty("language").GetString());
        var candidates = proposals.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Contains(candidates, c => c.GetProperty("candidate").GetProperty("metric").GetString() == "monthly_active_users"
            && c.GetProperty("candidate").GetProperty("value").GetDecimal() == 400_000_000m);
        Assert.All(candidates, c => Assert.Equal("extractor", c.GetProperty("claim").GetProperty("recordedBy").GetProperty("kind").GetString()));
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task Accepting_an_edited_candidate_asserts_it_with_the_extractor_as_recorder_and_the_checker_as_actor()
    {
        var proposals = await (await api.FactChecker.PostAsync($"/api/sources/{FrenchSource}/candidates", null)).AssertOkJsonAsync();
        var proposal = proposals.GetProperty("candidates").EnumerateArray()
            .First(c => c.GetProperty("candidate").GetProperty("metric").GetString() == "new_users_per_day");
        var claim = JsonNode.Parse(proposal.GetProperty("claim").GetRawText())!.AsObject();
        claim["claimId"] = $"{FrenchSource}.accepted-new-users";
        claim["qualifier"] = "at_least";
        claim["asOf"]!["date"] = null;

        var response = await api.FactChecker.PostJsonAsync($"/api/sources/{FrenchSource}/candidates/accept", claim);
        await response.AssertOkJsonAsync(HttpStatusCode.Created);

        var trail = await (await api.Anonymous.GetAsync($"/api/claims/{FrenchSource}.accepted-new-users/trail")).AssertOkJsonAsync();
        Assert.Equal("extractor", trail.GetProperty("recordedBy").GetProperty("kind").GetString());
        Assert.Equal("factledger-extractor", trail.GetProperty("recordedBy").GetProperty("name").GetString());
        Assert.Equal("1.0.0", trail.GetProperty("recordedBy").GetProperty("version").GetString());
        Assert.Equal("at_least", trail.GetProperty("claim").GetProperty("qualifier").GetString());
        Assert.Equal("Fiona Checker", trail.GetProperty("history")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Accepting_needs_a_fact_checker_key_and_a_valid_claim()
    {
        var anonymous = await api.Anonymous.PostJsonAsync($"/api/sources/{FrenchSource}/candidates/accept", new { claimId = "x" });
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await api.Anonymous.PostAsync($"/api/sources/{FrenchSource}/candidates", null)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var before = await api.CountEventsAsync();
        var invalid = await api.FactChecker.PostJsonAsync($"/api/sources/{FrenchSource}/candidates/accept",
            new { claimId = $"{FrenchSource}.bad", platform = "telegram", metric = "monthly_active_users", value = 1, qualifier = "exact", asOf = new { date = (string?)null }, quote = new { text = "nope", start = 0, end = 4 } });
        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("quote", out _));
        Assert.Equal(before, await api.CountEventsAsync());
    }

    [Fact]
    public async Task Candidates_for_an_unknown_source_are_not_found()
    {
        var response = await api.FactChecker.PostAsync("/api/sources/no-such-source/candidates", null);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
