using System.Globalization;

namespace FactLedger.Ledger.Application;

/// <summary>
/// A moment of the ledger's own history ("what did the ledger say then?"): a timestamp, or a feed sequence
/// number. Not to be confused with valid time (the date a figure applied in the world), which is a plain date.
/// </summary>
public readonly record struct LedgerTime(DateTimeOffset? At, long? Sequence)
{
    public static LedgerTime AtMoment(DateTimeOffset at) => new(at, null);

    public static LedgerTime AtSequence(long sequence) => new(null, sequence);

    /// <summary>Parses a feed sequence ("1234") or an ISO-8601 timestamp ("2026-11-22T10:00:00Z").</summary>
    public static bool TryParse(string? text, out LedgerTime value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence >= 0)
        {
            value = AtSequence(sequence);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            value = AtMoment(at);
            return true;
        }

        return false;
    }

    public override string ToString() => Sequence is { } s ? s.ToString(CultureInfo.InvariantCulture) : At!.Value.ToString("O", CultureInfo.InvariantCulture);
}
