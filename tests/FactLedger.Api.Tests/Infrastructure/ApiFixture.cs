using System.Net.Http.Headers;
using FactLedger.Api.Security;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using FactLedger.Testing;
using Npgsql;

namespace FactLedger.Api.Tests.Infrastructure;

/// <summary>
/// The API over real HTTP (in memory) on a database of its own, migrated at startup, with the projection daemon
/// running, and one key of each role. Subclasses are named by the ledger's starting state.
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private readonly List<HttpClient> _clients = [];

    public string ConnectionString { get; private set; } = "";

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public string FactCheckerKey { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient FactChecker { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Extra settings for the app (the FactLedger:Api section and the like).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    protected virtual string DatabasePrefix => GetType().Name.ToLowerInvariant();

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync(DatabasePrefix);
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting(FactLedgerApi.ConnectionStringKey, ConnectionString);
            foreach (var (key, value) in Settings)
            {
                host.UseSetting(key, value);
            }

            host.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        Anonymous = CreateClient(key: null);
        // Starts the server and pays the first request's warm-up here rather than in whichever test runs first.
        (await Anonymous.GetAsync("/health")).EnsureSuccessStatusCode();
        var keys = Factory.Services.GetRequiredService<ApiKeyStore>();
        FactCheckerKey = (await keys.CreateAsync(ApiKeyRoles.FactChecker, "Fiona Checker")).Key;
        AdminKey = (await keys.CreateAsync(ApiKeyRoles.Admin, "Ada Admin")).Key;
        FactChecker = CreateClient(FactCheckerKey);
        Admin = CreateClient(AdminKey);
        await SeedAsync();
    }

    /// <summary>Brings the ledger to the fixture's starting state.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public HttpClient CreateClient(string? key)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _clients.Add(client);
        return client;
    }

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>Every event in the log, sealed or not: what "nothing was appended" is checked against.</summary>
    public async Task<long> CountEventsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM ledger.events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until the feed is sealed and the async projections have applied it.</summary>
    public Task CatchUpAsync() => Service<ProjectionDaemon>().CatchUpAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}

/// <summary>A migrated ledger with no sources or claims yet.</summary>
public class EmptyLedgerApi : ApiFixture;

/// <summary>The ledger after importing the repository's seeds/ folder: five articles and their curated claims.</summary>
public class ApiWithSeedsIngested : ApiFixture
{
    public int SeedEvents { get; private set; }

    protected override async Task SeedAsync()
    {
        var result = await Service<FactLedger.Ledger.Application.SeedImporter>().ImportAsync(RepositoryPaths.Seeds, dryRun: false);
        SeedEvents = result.Appended;
        await CatchUpAsync();
    }
}
