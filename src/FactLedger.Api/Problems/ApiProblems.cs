using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FactLedger.Api.Problems;

/// <summary>
/// Every error the API answers is an RFC 9457 problem with a stable <c>type</c> per kind of error, so clients can
/// branch on the type rather than parse the detail text.
/// </summary>
public static class ApiProblems
{
    public const string BaseUri = "https://factledger.dev/problems/";

    public const string Validation = BaseUri + "validation";
    public const string NotFound = BaseUri + "not-found";
    public const string ConcurrencyConflict = BaseUri + "concurrency-conflict";
    public const string Unauthorized = BaseUri + "unauthorized";
    public const string Forbidden = BaseUri + "forbidden";
    public const string MalformedRequest = BaseUri + "malformed-request";
    public const string PayloadTooLarge = BaseUri + "payload-too-large";
    public const string RateLimited = BaseUri + "rate-limited";
    public const string ServiceUnavailable = BaseUri + "service-unavailable";
    public const string MethodNotAllowed = BaseUri + "method-not-allowed";
    public const string UnsupportedMediaType = BaseUri + "unsupported-media-type";
    public const string InternalError = BaseUri + "internal-error";

    /// <summary>The problem type for a status code that was produced without one (routing's 404, a bare 405).</summary>
    public static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => MalformedRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => ConcurrencyConflict,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        >= 500 => InternalError,
        _ => $"{BaseUri}http-{status}",
    };

    /// <summary>A detail for a problem the framework raised without one (no route, wrong method, wrong content type).</summary>
    public static string DefaultDetail(int status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is at {request.Path}. GET /openapi/v1.json lists every route.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not accept {request.Method}.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status401Unauthorized => "This operation needs an API key in the X-Api-Key header.",
        StatusCodes.Status403Forbidden => "This API key's role may not do this.",
        _ => "The request could not be handled.",
    };

    public static ProblemHttpResult Create(int status, string type, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = type,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    public static ProblemHttpResult NotFoundProblem(string detail) =>
        Create(StatusCodes.Status404NotFound, NotFound, "Not found", detail);

    public static ProblemHttpResult ValidationProblem(IReadOnlyDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, Validation, "The request breaks a ledger rule",
            "See 'errors' for each field that needs fixing.", new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult ValidationProblem(string field, string message) =>
        ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Malformed(string detail) =>
        Create(StatusCodes.Status400BadRequest, MalformedRequest, "Malformed request", detail);

    public static ProblemHttpResult Conflict(int currentVersion, string detail) =>
        Create(StatusCodes.Status409Conflict, ConcurrencyConflict, "The resource changed since you read it", detail,
            new Dictionary<string, object?> { ["currentVersion"] = currentVersion });
}
