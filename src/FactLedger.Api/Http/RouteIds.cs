namespace FactLedger.Api;

/// <summary>
/// Claim ids may contain '/' ("source-id/claim-slug"). In a URL they travel as one path segment with the slash
/// escaped (%2F, what encodeURIComponent produces); servers keep %2F undecoded inside a segment, so decode it here.
/// </summary>
public static class RouteIds
{
    public static string Decode(string segment) => Uri.UnescapeDataString(segment);

    public static string Encode(string id) => Uri.EscapeDataString(id);
}
