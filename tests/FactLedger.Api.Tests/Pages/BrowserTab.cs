using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FactLedger.Api.Tests.Pages;

/// <summary>
/// A page in its own browser context. Uncaught script errors fail the test when the tab is disposed; screenshots go
/// to the test output's artifacts/screenshots and their paths to the test log.
/// </summary>
public sealed partial class BrowserTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _scriptErrors = [];

    public BrowserTab(IBrowserContext context, IPage page, ITestOutputHelper output)
    {
        _context = context;
        _output = output;
        Page = page;
        Page.PageError += (_, error) => _scriptErrors.Add(error);
        Page.Console += (_, message) =>
        {
            // Failed requests are logged as console errors too; the pages show those to the reader on purpose.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _scriptErrors.Add(message.Text);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Opens a page and waits until its script has replaced every "Loading…" placeholder.</summary>
    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}.");
        await Assertions.Expect(Page.Locator(".loading")).ToHaveCountAsync(0);
    }

    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        var path = Path.Combine(PagesWithSeedsIngested.ScreenshotsDirectory, $"{SafeName().Replace(name, "-")}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        _output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        Assert.True(_scriptErrors.Count == 0, $"The page's scripts failed: {string.Join(" | ", _scriptErrors)}");
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex SafeName();
}
