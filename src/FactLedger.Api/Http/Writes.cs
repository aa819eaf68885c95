using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api;

/// <summary>What a write answers: where the stream now stands. The version is also sent as the ETag.</summary>
/// <param name="WasDuplicate">The request repeated an Idempotency-Key: nothing was appended, this is the original result.</param>
public sealed record WriteResult(string StreamId, int Version, long Position, DateTimeOffset RecordedAt, bool WasDuplicate);

/// <summary>Turns an HTTP write into a ledger command context and its result back into HTTP headers.</summary>
public static class Writes
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string CorrelationIdHeader = "X-Correlation-Id";
    private const int MaxIdempotencyKeyLength = 200;

    /// <summary>
    /// The acting key's owner, its If-Match version (for writes to an existing stream), Idempotency-Key and correlation id.
    /// </summary>
    /// <exception cref="BadHttpRequestException">If-Match or Idempotency-Key is malformed.</exception>
    public static CommandContext Context(HttpContext http, bool existingStream, string? reason = null)
    {
        var idempotencyKey = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength || idempotencyKey.Any(char.IsControl))
        {
            throw new BadHttpRequestException($"Idempotency-Key must be at most {MaxIdempotencyKeyLength} printable characters.");
        }

        var correlationId = Guid.TryParse(http.Request.Headers[CorrelationIdHeader].ToString(), out var given) ? given : Guid.CreateVersion7();
        http.Response.Headers[CorrelationIdHeader] = correlationId.ToString();
        return new CommandContext(
            http.User.Owner(),
            reason,
            existingStream ? ETags.ExpectedVersion(http.Request) : null,
            string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(),
            correlationId);
    }

    /// <summary>
    /// Runs a write to an existing stream with the caller's If-Match. A stale version answers 409 with the current
    /// version in the body and as the ETag, ready for the client to re-read and retry.
    /// </summary>
    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> UpdateAsync(HttpContext http, Func<CommandContext, Task<CommandResult>> write)
    {
        var context = Context(http, existingStream: true);
        try
        {
            return TypedResults.Ok(Answer(http, await write(context)));
        }
        catch (ConcurrencyException conflict)
        {
            http.Response.Headers.ETag = ETags.ForVersion(conflict.ActualVersion);
            return ApiProblems.Conflict(conflict.ActualVersion,
                $"You sent If-Match for version {context.ExpectedVersion}, but it is at version {conflict.ActualVersion}. Read it again and retry.");
        }
    }

    public static WriteResult Answer(HttpContext http, CommandResult result)
    {
        http.Response.Headers.ETag = ETags.ForVersion(result.Version);
        if (result.WasDuplicate)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        return new WriteResult(result.StreamId, result.Version, result.Position, result.RecordedAt, result.WasDuplicate);
    }
}
