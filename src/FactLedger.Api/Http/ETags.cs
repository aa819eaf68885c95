using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace FactLedger.Api;

/// <summary>Entity tags: a stream version ("3") on claims and sources, a read position on projection reads.</summary>
public static class ETags
{
    public static string ForVersion(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The stream version a writer last saw, from If-Match; null when absent or <c>*</c>.
    /// </summary>
    /// <exception cref="BadHttpRequestException">If-Match is not a single stream version.</exception>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag)
            && int.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && version >= 0)
        {
            return version;
        }

        throw new BadHttpRequestException($"If-Match must be one stream version as sent in ETag, such as \"3\"; got {header}.");
    }

    /// <summary>Sets the ETag and says whether the client's If-None-Match already names it (answer 304).</summary>
    public static bool IsNotModified(HttpContext context, string etag)
    {
        context.Response.Headers.ETag = etag;
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
