namespace FactLedger.Api;

/// <summary>HTTP-side settings, read from the <c>FactLedger:Api</c> configuration section.</summary>
public sealed record FactLedgerApiOptions
{
    public const string Section = "FactLedger:Api";

    /// <summary>Largest accepted request body; a source's text is the biggest thing anyone sends.</summary>
    public long MaxRequestBodyBytes { get; init; } = 256 * 1024;

    /// <summary>Writes each API key may make per <see cref="WriteWindow"/>.</summary>
    public int WritesPerWindow { get; init; } = 120;

    public TimeSpan WriteWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Apply the schema migrations when the app starts (safe from several processes at once).</summary>
    public bool MigrateOnStartup { get; init; } = true;

    /// <summary>How long an idle event stream waits for a seal notification before looking at the feed anyway.</summary>
    public TimeSpan StreamPollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
