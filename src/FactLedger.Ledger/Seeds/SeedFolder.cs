using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Sources;

namespace FactLedger.Ledger.Seeds;

/// <summary>
/// Reads a seed folder: <c>NNN_hash.txt</c> (article), <c>NNN_hash.source.json</c> (its metadata) and optionally
/// <c>NNN_hash.claims.json</c> (its claims, corrections and exclusions). Errors are keyed <c>"file:$.json.path"</c>
/// and all reported together.
/// </summary>
public static class SeedFolder
{
    public const string SourceSuffix = ".source.json";
    public const string ClaimsSuffix = ".claims.json";

    /// <summary>Who recorded seed claims and corrections when a file does not say.</summary>
    public static readonly Recorder DefaultRecorder = new(RecorderKind.Person, "seed-curator");

    /// <exception cref="LedgerValidationException">A file is malformed or inconsistent with the others.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static SeedSet Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Seed folder '{folder}' does not exist.");
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(path => path.EndsWith(".json", StringComparison.Ordinal) || path.EndsWith(".txt", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);
        return Parse(files);
    }

    /// <summary>Parses seed files given as file name → content (the content as <c>File.ReadAllText</c> returns it).</summary>
    /// <exception cref="LedgerValidationException">A file is malformed or inconsistent with the others.</exception>
    public static SeedSet Parse(IReadOnlyDictionary<string, string> files)
    {
        var errors = new ValidationErrors();
        var notices = new List<string>();
        var articles = new List<SeedArticle>();
        var sourceFiles = files.Keys.Where(f => f.EndsWith(SourceSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        foreach (var sourceFile in sourceFiles)
        {
            var stem = sourceFile[..^SourceSuffix.Length];
            var claimsFile = stem + ClaimsSuffix;
            var article = SeedArticleReader.Read(files, sourceFile, files.ContainsKey(claimsFile) ? claimsFile : null, errors);
            if (article is not null)
            {
                articles.Add(article);
            }
        }

        foreach (var claimsFile in files.Keys.Where(f => f.EndsWith(ClaimsSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!files.ContainsKey(claimsFile[..^ClaimsSuffix.Length] + SourceSuffix))
            {
                errors.Add($"{claimsFile}:$", $"No source file '{claimsFile[..^ClaimsSuffix.Length] + SourceSuffix}' for this claims file.");
            }
        }

        var described = articles.Select(a => a.TextFile).ToHashSet(StringComparer.Ordinal);
        notices.AddRange(files.Keys.Where(f => f.EndsWith(".txt", StringComparison.Ordinal) && !described.Contains(f))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f}: article without a {SourceSuffix} file, not imported."));
        CheckUnique(errors, articles);
        errors.ThrowIfAny();
        return new SeedSet(articles, notices);
    }

    private static void CheckUnique(ValidationErrors errors, IReadOnlyList<SeedArticle> articles)
    {
        foreach (var group in articles.GroupBy(a => a.Source.SourceId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var article in group.Skip(1))
            {
                errors.Add($"{article.SourceFile}:$.id", $"Source id '{group.Key}' is also used by {group.First().SourceFile}.");
            }
        }

        var claims = articles.SelectMany(a => a.Claims.Select(c => (Article: a, Claim: c)));
        foreach (var group in claims.GroupBy(c => c.Claim.Assert.ClaimId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var (article, claim) in group.Skip(1))
            {
                errors.Add($"{article.ClaimsFile}:$.claims[{claim.Index}].id", $"Claim id '{group.Key}' is also used by {first.Article.ClaimsFile} $.claims[{first.Claim.Index}].");
            }
        }
    }
}
