using System.Text.Json;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace FactLedger.Api.Problems;

/// <summary>
/// Turns the exceptions a request can end in into problem details: rule breaks into 400, stale versions into 409,
/// unreadable bodies into 400/413, a database that cannot be reached into 503. Anything else is a 500 whose
/// response says nothing of the cause; the cause goes to the log.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var problem = Describe(exception, httpContext);
        if (problem.Status >= 500)
        {
            if (problem.Type == ApiProblems.ServiceUnavailable)
            {
                LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            }
            else
            {
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            }
        }

        if (problem.Type == ApiProblems.ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails Describe(Exception exception, HttpContext httpContext) => exception switch
    {
        LedgerValidationException validation => Problem(StatusCodes.Status400BadRequest, ApiProblems.Validation, "The request breaks a ledger rule",
            "See 'errors' for each field that needs fixing.", ("errors", validation.Errors)),
        ConcurrencyException conflict => Problem(StatusCodes.Status409Conflict, ApiProblems.ConcurrencyConflict, "The resource changed since you read it",
            $"It changed while you wrote: it is now at version {conflict.ActualVersion}. Read it again and retry.",
            ("currentVersion", conflict.ActualVersion)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problem(StatusCodes.Status413PayloadTooLarge,
            ApiProblems.PayloadTooLarge, "Request body too large", "The request body is larger than this API accepts."),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => Problem(StatusCodes.Status415UnsupportedMediaType,
            ApiProblems.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."),
        BadHttpRequestException bad => Problem(bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, ApiProblems.MalformedRequest, "Malformed request",
            bad.InnerException is JsonException json ? DescribeJson(json) : bad.Message),
        JsonException json => Problem(StatusCodes.Status400BadRequest, ApiProblems.MalformedRequest, "Malformed request", DescribeJson(json)),
        // 22021/22P05: text PostgreSQL cannot store (a NUL character, say) reached a query: the request's fault, not ours.
        PostgresException { SqlState: "22021" or "22P05" } => Problem(StatusCodes.Status400BadRequest, ApiProblems.MalformedRequest, "Malformed request",
            "The request contains characters the ledger cannot store (such as NUL)."),
        // 40P01/40001: the write was rolled back to break a deadlock or a serialization conflict (the store already ran
        // it again several times): nothing was stored, and the same request can simply be sent again.
        PostgresException { SqlState: "40P01" or "40001" } => Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.ServiceUnavailable,
            "Service busy", "The write collided with concurrent writes and was rolled back; nothing was stored. Send it again."),
        _ when IsDatabaseUnavailable(exception) => Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.ServiceUnavailable,
            "Service unavailable", "The ledger's database cannot be reached right now. Try again shortly."),
        _ => Problem(StatusCodes.Status500InternalServerError, ApiProblems.InternalError, "Internal error",
            $"Something went wrong on our side. Quote trace id {httpContext.TraceIdentifier} when reporting it."),
    };

    /// <summary>Connection-level failures (refused, reset, server shutting down, too many clients), not SQL errors.</summary>
    internal static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException => true,
        _ => exception.InnerException is { } inner && IsDatabaseUnavailable(inner),
    };

    private static string DescribeJson(JsonException json) =>
        $"The body is not valid JSON for this request (at {json.Path ?? "$"}): check the syntax and that every field has the right type.";

    private static ProblemDetails Problem(int status, string type, string title, string detail, (string Key, object Value)? extension = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        if (extension is { } pair)
        {
            problem.Extensions[pair.Key] = pair.Value;
        }

        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);
}
