namespace FactLedger.Ledger.Claims;

/// <summary>Who a claim's number comes from, nearest first: the article, the outlet it cites, the company behind it.</summary>
public sealed record AttributionLink(string Name, AttributionRole Role);

public enum AttributionRole
{
    Article,
    Outlet,
    Person,
    Organization,
}
