using System.Text.RegularExpressions;

namespace FactLedger.Ledger.Common;

/// <summary>Ids that appear in stream names and URLs: lower-case letters, digits and hyphens.</summary>
public static partial class Slug
{
    public static bool IsValid(string? id) => id is not null && id.Length <= 200 && Pattern().IsMatch(id);

    public static void Check(ValidationErrors errors, string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, "An id is required.");
        }
        else if (!IsValid(id))
        {
            errors.Add(field, $"'{id}' is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
