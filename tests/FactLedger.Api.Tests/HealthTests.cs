using System.Net;
using FactLedger.Api.Tests.Infrastructure;

namespace FactLedger.Api.Tests;

public sealed class HealthTests(EmptyLedgerApi api) : IClassFixture<EmptyLedgerApi>
{
    [Fact]
    public async Task Health_reports_a_reachable_database_the_daemon_leader_and_projection_lag()
    {
        (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(TestLedger.NewId("health")))).EnsureSuccessStatusCode();

        var health = await WaitForAsync(h => h.GetProperty("daemon").GetProperty("isLeader").GetBoolean()
            && h.GetProperty("projections").EnumerateArray().All(p => p.GetProperty("lag").GetInt64() == 0 && p.GetProperty("feedHead").GetInt64() > 0));

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.True(health.GetProperty("daemon").GetProperty("runsHere").GetBoolean());
        var figures = Assert.Single(health.GetProperty("projections").EnumerateArray());
        Assert.Equal("figures", figures.GetProperty("name").GetString());
        Assert.Equal(figures.GetProperty("feedHead").GetInt64(), figures.GetProperty("checkpoint").GetInt64());
    }

    private async Task<System.Text.Json.JsonElement> WaitForAsync(Func<System.Text.Json.JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await api.Anonymous.GetAsync("/health");
            var health = await response.AssertOkJsonAsync();
            if (condition(health) || DateTime.UtcNow > deadline)
            {
                return health;
            }

            await Task.Delay(100);
        }
    }
}
