using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;

namespace FactLedger.Api.Http;

/// <summary>
/// Keyset paging of timelines: <c>?limit=</c> and an opaque <c>?after=</c> cursor in, the next page advertised by an
/// RFC 8288 <c>Link: &lt;…&gt;; rel="next"</c> header out, so the body stays the plain array it always was.
/// </summary>
public static class Paging
{
    /// <summary>Endpoint metadata: the endpoint pages with <c>limit</c>/<c>after</c> and a <c>Link</c> header (for the OpenAPI document).</summary>
    public sealed record LinkPaged(int DefaultLimit, int MaxLimit);

    public const string AfterName = "after";
    public const string LimitName = "limit";

    /// <exception cref="LedgerValidationException">The limit is outside 1..<see cref="Timeline.MaxPageSize"/>.</exception>
    public static int TimelineLimit(int? limit) => ReadParameters.Limit(limit, Timeline.DefaultPageSize, Timeline.MaxPageSize);

    /// <summary>The cursor a client passed back, or null for the first page.</summary>
    /// <exception cref="LedgerValidationException">The text is not a cursor this API handed out.</exception>
    public static TimelineCursor? TimelineAfter(string? after) =>
        after is null ? null
        : TimelineCursor.TryDecode(after, out var cursor) ? cursor
        : throw new LedgerValidationException(AfterName, "Not a timeline cursor. Pass back the 'after' of a Link rel=\"next\" header unchanged, or leave it out for the first page.");

    /// <summary>Sets <c>Link: &lt;this request with after=next and limit&gt;; rel="next"</c> when there is a next page.</summary>
    public static void AdvertiseNext(HttpContext http, TimelineCursor? next, int limit)
    {
        if (next is null)
        {
            return;
        }

        var query = http.Request.Query
            .Where(q => q.Key is not (AfterName or LimitName))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append(FormattableString.Invariant($"{LimitName}={limit}"))
            .Append($"{AfterName}={next.Encode()}");
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
    }
}
