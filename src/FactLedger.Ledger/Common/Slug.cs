using System.Text.RegularExpressions;

namespace FactLedger.Ledger.Common;

/// <summary>
/// Ids that appear in stream names and URLs: lower-case letters, digits and hyphens. Claim ids may be a path of such
/// segments ("liputan6-2016-telegram-100-juta.telegram-mau-100m"), safe in a URL path, so a claim's id can name its source.
/// </summary>
public static partial class Slug
{
    public static bool IsValid(string? id) => id is not null && id.Length <= 200 && Pattern().IsMatch(id);

    public static bool IsValidPath(string? id) => id is not null && id.Length <= 300 && PathPattern().IsMatch(id);

    public static void Check(ValidationErrors errors, string field, string? id) =>
        Check(errors, field, id, IsValid(id), "use lower-case letters, digits and hyphens, starting with a letter or digit");

    public static void CheckPath(ValidationErrors errors, string field, string? id) =>
        Check(errors, field, id, IsValidPath(id), "use segments of lower-case letters, digits and hyphens, separated by '.'");

    private static void Check(ValidationErrors errors, string field, string? id, bool valid, string rule)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, "An id is required.");
        }
        else if (!valid)
        {
            errors.Add(field, $"'{id}' is not a valid id: {rule}.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
