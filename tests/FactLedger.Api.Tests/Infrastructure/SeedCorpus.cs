using FactLedger.Testing;
using System.Text.Json;

namespace FactLedger.Api.Tests.Infrastructure;

/// <summary>What the repository's seed files hold, read independently of the importer, to check the API against.</summary>
public static class SeedCorpus
{
    public sealed record SeedClaim(string Id, string SourceId, string Platform, string Metric);

    public static IReadOnlyList<SeedClaim> Claims { get; } = LoadClaims();

    public static IReadOnlyList<string> SourceIds { get; } =
        [.. Directory.GetFiles(RepositoryPaths.Seeds, "*.source.json").Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("id").GetString()!)];

    private static List<SeedClaim> LoadClaims()
    {
        var claims = new List<SeedClaim>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Seeds, "*.claims.json"))
        {
            var root = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            var sourceId = root.GetProperty("sourceId").GetString()!;
            claims.AddRange(root.GetProperty("claims").EnumerateArray().Select(c => new SeedClaim(
                c.GetProperty("id").GetString()!, sourceId, c.GetProperty("platform").GetString()!, c.GetProperty("metric").GetString()!)));
        }

        return claims;
    }
}
