using System.Globalization;
using System.Text;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Figures;

/// <summary>
/// A claim's place in <see cref="Timeline.Build"/>'s order, as the sort key of the <c>claims_timeline</c> index: a
/// keyset cursor. A page after a cursor starts at the first claim whose key is greater, so claims written, corrected
/// or moved between two page reads never make a page repeat or skip a claim that kept its place.
/// </summary>
public sealed record TimelineCursor(
    bool AsOfUnknown,
    DateOnly AsOfFirst,
    short AsOfPrecision,
    bool PublishedUnknown,
    DateOnly PublishedFirst,
    short PublishedPrecision,
    long Position,
    string ClaimId) : IComparable<TimelineCursor>
{
    private const string Version = "t1";

    public static TimelineCursor Of(ClaimView claim) => new(
        !claim.AsOf.Date.IsKnown,
        claim.AsOf.Date.Start,
        (short)claim.AsOf.Date.Precision,
        !claim.Source.Published.IsKnown,
        claim.Source.Published.Start,
        (short)claim.Source.Published.Precision,
        claim.Position,
        claim.ClaimId);

    public int CompareTo(TimelineCursor? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = AsOfUnknown.CompareTo(other.AsOfUnknown);
        order = order != 0 ? order : AsOfFirst.CompareTo(other.AsOfFirst);
        order = order != 0 ? order : AsOfPrecision.CompareTo(other.AsOfPrecision);
        order = order != 0 ? order : PublishedUnknown.CompareTo(other.PublishedUnknown);
        order = order != 0 ? order : PublishedFirst.CompareTo(other.PublishedFirst);
        order = order != 0 ? order : PublishedPrecision.CompareTo(other.PublishedPrecision);
        order = order != 0 ? order : Position.CompareTo(other.Position);
        return order != 0 ? order : string.CompareOrdinal(ClaimId, other.ClaimId);
    }

    /// <summary>An opaque, URL-safe token (base64url); clients pass it back unchanged.</summary>
    public string Encode()
    {
        var text = string.Join('|',
            Version,
            AsOfUnknown ? "1" : "0",
            AsOfFirst.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            AsOfPrecision.ToString(CultureInfo.InvariantCulture),
            PublishedUnknown ? "1" : "0",
            PublishedFirst.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PublishedPrecision.ToString(CultureInfo.InvariantCulture),
            Position.ToString(CultureInfo.InvariantCulture),
            ClaimId);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token from <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? token, out TimelineCursor cursor)
    {
        cursor = null!;
        if (string.IsNullOrEmpty(token) || token.Length > 2_000)
        {
            return false;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var parts = text.Split('|', 9);
        if (parts.Length != 9 || parts[0] != Version || parts[8].Length == 0
            || !Flag(parts[1], out var asOfUnknown) || !Day(parts[2], out var asOfFirst) || !Precision(parts[3], out var asOfPrecision)
            || !Flag(parts[4], out var publishedUnknown) || !Day(parts[5], out var publishedFirst) || !Precision(parts[6], out var publishedPrecision)
            || !long.TryParse(parts[7], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return false;
        }

        cursor = new TimelineCursor(asOfUnknown, asOfFirst, asOfPrecision, publishedUnknown, publishedFirst, publishedPrecision, position, parts[8]);
        return true;

        static bool Flag(string text, out bool value)
        {
            value = text == "1";
            return text is "0" or "1";
        }

        static bool Day(string text, out DateOnly value) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

        static bool Precision(string text, out short value) =>
            short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= (short)DatePrecision.Day;
    }
}

/// <summary>One page of a timeline and the cursor of the page after it (null on the last page).</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Entries, TimelineCursor? Next);
