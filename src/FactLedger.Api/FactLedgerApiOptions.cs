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

    /// <summary>
    /// How long this process may answer projection reads from the read position it last asked the database for.
    /// Writes through this process and its own projection daemon refresh it at once; this bounds how long a change
    /// made by another process can go unseen. Zero asks the database on every read.
    /// </summary>
    public TimeSpan ReadPositionMaxAge { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cache projection responses (figures, timelines) in memory while the read position is unchanged.</summary>
    public bool ResponseCache { get; init; } = true;

    /// <summary>How long a cached projection response may be kept at all (it is only served while the read position is unchanged).</summary>
    public TimeSpan ReadCacheExpiration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Memory the response cache may use, in bytes.</summary>
    public long ReadCacheSizeLimit { get; init; } = 64L * 1024 * 1024;
}
