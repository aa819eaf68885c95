using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Api.Contracts;

/// <summary>Reads the text fields of request bodies into domain values, recording each bad value under its field name.</summary>
public static class RequestFields
{
    /// <summary>A partial date, or null when absent. "unknown" is not accepted here: leave the field out instead.</summary>
    public static PartialDate? OptionalDate(ValidationErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!PartialDate.TryParse(text, out var date) || !date.IsKnown)
        {
            errors.Add(field, $"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.");
            return null;
        }

        return date;
    }

    /// <summary>An enum member by its snake_case name ("at_least"); null and an error when unknown.</summary>
    public static T? Enum<T>(ValidationErrors errors, string field, string? text, bool required) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(field, $"A {field} is required; use one of: {Names<T>()}.");
            }

            return null;
        }

        foreach (var value in System.Enum.GetValues<T>())
        {
            if (string.Equals(ClaimFormat.Enum(value), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors.Add(field, $"'{text}' is not valid; use one of: {Names<T>()}.");
        return null;
    }

    public static string Names<T>() where T : struct, Enum =>
        string.Join(", ", System.Enum.GetValues<T>().Select(v => ClaimFormat.Enum(v)));
}
