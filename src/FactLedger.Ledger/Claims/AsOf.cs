using System.Globalization;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Claims;

/// <summary>
/// When a claimed number held: a date at its precision ("2016-02"), or a period ("since May 2015" is
/// <c>Since = 2015-05, Date = 2016-02-24</c>, typically the publication date). <see cref="Text"/> keeps the
/// source's own words ("sejak Mei tahun lalu"), <see cref="Note"/> the recorder's reasoning about the date.
/// </summary>
public sealed record AsOf(PartialDate Date, PartialDate? Since = null, string? Text = null, string? Note = null)
{
    /// <summary>An unknown start date carries no information, so it is stored as no start at all.</summary>
    public PartialDate? Since { get; init; } = Since is { IsKnown: true } ? Since : null;

    public bool IsPeriod => Since is not null;

    public override string ToString() => Since is { } since
        ? string.Create(CultureInfo.InvariantCulture, $"{since}..{Date}")
        : Date.ToString();
}
