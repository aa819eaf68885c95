using System.Diagnostics;
using FactLedger.Api.Security;

namespace FactLedger.Api;

/// <summary>
/// One structured log line per request: method, path, status, elapsed time and the API key id (never the key).
/// Writes and failures are logged at Information; successful reads at Debug, since a busy public API answers
/// thousands a second and the ledger itself is the audit trail of every change.
/// </summary>
public sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var method = context.Request.Method;
            var status = context.Response.StatusCode;
            var level = status < StatusCodes.Status400BadRequest && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
                ? LogLevel.Debug
                : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                LogRequest(logger, level, method, context.Request.Path, status,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.User.KeyId() ?? "-");
            }
        }
    }

    [LoggerMessage(EventId = 1, Message = "HTTP {Method} {Path} {StatusCode} in {ElapsedMs:0.0} ms key {KeyId}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string path, int statusCode, double elapsedMs, string keyId);
}

/// <summary>
/// Refuses a declared body over the limit before reading a byte, and caps undeclared (chunked) bodies through the
/// server's own limit, which surfaces as a 413 when the body is read.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, FactLedgerApiOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            throw new BadHttpRequestException(
                $"The request body is {context.Request.ContentLength} bytes; the limit is {options.MaxRequestBodyBytes}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxRequestBodyBytes;
        }

        return next(context);
    }
}
