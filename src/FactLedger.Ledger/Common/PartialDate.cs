using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactLedger.Ledger.Common;

public enum DatePrecision
{
    Unknown,
    Year,
    Month,
    Day,
}

/// <summary>
/// A calendar date known to a stated precision: "2016-02-24" (day), "2016-02" (month), "2016" (year), or unknown.
/// Articles often say only "in May" or "last year"; recording that precision keeps the ledger from inventing a day.
/// </summary>
[JsonConverter(typeof(PartialDateJsonConverter))]
public readonly record struct PartialDate(DateOnly Start, DatePrecision Precision) : IComparable<PartialDate>
{
    public static PartialDate Unknown => new(DateOnly.MinValue, DatePrecision.Unknown);

    public bool IsKnown => Precision != DatePrecision.Unknown;

    public static PartialDate Day(int year, int month, int day) => new(new DateOnly(year, month, day), DatePrecision.Day);

    public static PartialDate OfMonth(int year, int month) => new(new DateOnly(year, month, 1), DatePrecision.Month);

    public static PartialDate OfYear(int year) => new(new DateOnly(year, 1, 1), DatePrecision.Year);

    /// <summary>The last calendar day the value could denote: "2016-02" ends on 2016-02-29.</summary>
    public DateOnly End => Precision switch
    {
        DatePrecision.Year => new DateOnly(Start.Year, 12, 31),
        DatePrecision.Month => new DateOnly(Start.Year, Start.Month, DateTime.DaysInMonth(Start.Year, Start.Month)),
        DatePrecision.Day => Start,
        _ => DateOnly.MaxValue,
    };

    public static bool TryParse(string? text, out PartialDate value)
    {
        value = Unknown;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = text.Trim().Split('-');
        if (parts.Length is < 1 or > 3 || parts[0].Length != 4 || parts.Skip(1).Any(p => p.Length != 2))
        {
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1)
        {
            return false;
        }

        var month = 1;
        var day = 1;
        if (parts.Length >= 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out month) || month is < 1 or > 12))
        {
            return false;
        }

        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out day) || day < 1 || day > DateTime.DaysInMonth(year, month)))
        {
            return false;
        }

        var precision = parts.Length switch { 1 => DatePrecision.Year, 2 => DatePrecision.Month, _ => DatePrecision.Day };
        value = new PartialDate(new DateOnly(year, month, day), precision);
        return true;
    }

    public static PartialDate Parse(string? text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.");

    public int CompareTo(PartialDate other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Precision.CompareTo(other.Precision);
    }

    public override string ToString() => Precision switch
    {
        DatePrecision.Day => Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        DatePrecision.Year => Start.ToString("yyyy", CultureInfo.InvariantCulture),
        _ => "unknown",
    };

    /// <summary>The ISO form, or null when unknown (how it is stored in JSON).</summary>
    public string? ToIsoOrNull() => IsKnown ? ToString() : null;
}

public sealed class PartialDateJsonConverter : JsonConverter<PartialDate>
{
    public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return PartialDate.Unknown;
        }

        var text = reader.GetString();
        return PartialDate.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.");
    }

    public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options)
    {
        if (value.IsKnown)
        {
            writer.WriteStringValue(value.ToString());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    public override bool HandleNull => true;
}
