using System.Net;
using System.Net.Sockets;
using FactLedger.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace FactLedger.Api.Tests;

/// <summary>A fresh ledger allowing each key three writes a minute.</summary>
public sealed class ThrottledApi : EmptyLedgerApi
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["FactLedger:Api:WritesPerWindow"] = "3", ["FactLedger:Api:WriteWindow"] = "00:01:00" };
}

public sealed class RateLimitTests(ThrottledApi api) : IClassFixture<ThrottledApi>
{
    [Fact]
    public async Task Writes_beyond_a_keys_limit_are_refused_with_429_while_other_keys_and_reads_go_on()
    {
        for (var i = 0; i < 3; i++)
        {
            (await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(TestLedger.NewId("rate")))).EnsureSuccessStatusCode();
        }

        var before = await api.CountEventsAsync();
        var refused = await api.FactChecker.PostJsonAsync("/api/sources", TestLedger.Source(TestLedger.NewId("rate")));

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(before, await api.CountEventsAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.Admin.PostJsonAsync("/api/sources", TestLedger.Source(TestLedger.NewId("rate")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.FactChecker.GetAsync("/api/sources")).StatusCode);
    }
}

/// <summary>The API pointed at a port where no PostgreSQL listens: what clients see while the database is down.</summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        var closedPort = ClosedPort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting(FactLedgerApi.ConnectionStringKey, $"Host=127.0.0.1;Port={closedPort};Username=postgres;Timeout=2");
            host.UseSetting("FactLedger:Api:MigrateOnStartup", "false");
            host.UseSetting("FactLedger:RunProjectionDaemon", "false");
            host.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Critical));
        });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/api/figures")]
    [InlineData("/api/catalog")]
    [InlineData("/api/claims")]
    [InlineData("/api/events")]
    public async Task Reads_answer_503_problems_when_the_database_is_unreachable(string url)
    {
        var response = await _client.GetAsync(url);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_keyed_write_answers_503_not_500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sources") { Content = System.Net.Http.Json.JsonContent.Create(TestLedger.Source("down")) };
        request.Headers.Add("X-Api-Key", "flk_abcdefghij_" + new string('x', 43));

        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
    }

    [Fact]
    public async Task Health_says_unhealthy_with_503()
    {
        var response = await _client.GetAsync("/health");

        var health = await response.AssertOkJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.False(health.GetProperty("daemon").GetProperty("isLeader").GetBoolean());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
