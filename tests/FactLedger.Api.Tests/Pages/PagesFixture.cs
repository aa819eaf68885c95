using System.Net.Http.Headers;
using FactLedger.Api.Security;
using FactLedger.EventStore.Projections;
using FactLedger.Ledger.Access;
using FactLedger.Ledger.Application;
using FactLedger.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Pages;

/// <summary>
/// The app on a real Kestrel port of 127.0.0.1 (a browser cannot reach an in-memory TestServer), serving the pages
/// from the repository's wwwroot, on a fresh database with the seeds ingested; and one headless Chromium to drive it.
/// </summary>
public sealed class PagesWithSeedsIngested : IAsyncLifetime
{
    public const string ChromiumVariable = "FACTLEDGER_CHROMIUM";
    public const string FactCheckerOwner = "Pat Pages";

    private IPlaywright? _playwright;
    private WebApplication? _app;

    public string ConnectionString { get; private set; } = "";

    public Uri BaseUrl { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string FactCheckerKey { get; private set; } = "";

    /// <summary>A client of the same server with the fact-checker key, for setting up and checking what pages did.</summary>
    public HttpClient FactChecker { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public DateTimeOffset SeededAt { get; private set; }

    public static string ScreenshotsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // Checked first: without a browser there is nothing to test, and the reason should be plain.
        var chromium = ChromiumPath();
        ConnectionString = await TestPostgres.CreateDatabaseAsync("pages");
        _app = FactLedgerApi.BuildApp(
        [
            "--urls=http://127.0.0.1:0",
            $"--contentRoot={Path.Combine(FactLedger.Testing.RepositoryPaths.Root, "src", "FactLedger.Api")}",
            "--applicationName=FactLedger.Api",
            $"--{FactLedgerApi.ConnectionStringKey}={ConnectionString}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        ]);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.Single(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));

        var imported = await Service<SeedImporter>().ImportAsync(FactLedger.Testing.RepositoryPaths.Seeds, dryRun: false);
        Assert.True(imported.Appended > 0, "The seeds appended nothing.");
        await CatchUpAsync();
        SeededAt = DateTimeOffset.UtcNow;

        FactCheckerKey = (await Service<ApiKeyStore>().CreateAsync(ApiKeyRoles.FactChecker, FactCheckerOwner)).Key;
        Anonymous = CreateClient(null);
        FactChecker = CreateClient(FactCheckerKey);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotsDirectory);
    }

    public T Service<T>() where T : notnull => _app!.Services.GetRequiredService<T>();

    /// <summary>Seals the feed and runs the async projections, as the daemon would shortly.</summary>
    public Task CatchUpAsync() => Service<ProjectionDaemon>().CatchUpAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A browser tab of its own (fresh session storage) at desktop size, in UTC and US English.</summary>
    public async Task<BrowserTab> OpenTabAsync(ITestOutputHelper output, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        return new BrowserTab(context, await context.NewPageAsync(), output);
    }

    private HttpClient CreateClient(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return client;
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The pages tests drive Chromium, but there is none at {path}. Install it with ops/install-prerequisites.sh "
                + $"(apt-get install chromium), or set {ChromiumVariable} to a Chromium executable.");
    }

    public async Task DisposeAsync()
    {
        Anonymous?.Dispose();
        FactChecker?.Dispose();
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PagesCollection : ICollectionFixture<PagesWithSeedsIngested>
{
    public const string Name = "Pages in a browser";
}
