using Microsoft.AspNetCore.OutputCaching;

namespace FactLedger.Api;

/// <summary>
/// Caches the bytes of a projection read (figures, timelines) for as long as the read position it was computed at is
/// still current: the position is part of the cache key, so a new event or projection batch makes every entry
/// unreachable at once, with no invalidation to get wrong. Repeated reads of a quiet ledger cost no query and no
/// serialisation; If-None-Match is answered from the cached ETag.
/// </summary>
public sealed class ProjectionReadCache(ReadPositionCache positions, FactLedgerApiOptions options) : IOutputCachePolicy
{
    public const string PolicyName = "projection-reads";

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var method = context.HttpContext.Request.Method;
        var cacheable = options.ResponseCache && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = options.ReadCacheExpiration;
        context.CacheVaryByRules.QueryKeys = "*";
        if (cacheable)
        {
            var position = await positions.GetAsync(cancellation);
            context.CacheVaryByRules.VaryByValues["read-position"] = position.ETag;
        }
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Problems (404 for an unknown key, 400 for a bad date) are cheap to recompute and must never outlive a fix.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
