using System.Security.Claims;
using System.Text.Encodings.Web;
using FactLedger.Api.Problems;
using FactLedger.Ledger.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FactLedger.Api.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against <see cref="ApiKeyStore"/>. A request without the header is
/// anonymous (reads need nothing); challenges and refusals answer as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "factledger:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(values.ToString().Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(KeyIdClaim, key.Id),
                new Claim(ClaimTypes.Name, key.Owner),
                new Claim(ClaimTypes.Role, key.Role),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var presented = Request.Headers.ContainsKey(HeaderName);
        return WriteAsync(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "API key required",
            presented
                ? "The API key in X-Api-Key is unknown or revoked."
                : "This operation needs an API key in the X-Api-Key header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        var needed = Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy ?? "another";
        return WriteAsync(StatusCodes.Status403Forbidden, ApiProblems.Forbidden, "Not allowed for this key",
            $"This operation needs a key with the {needed} role; this key's role is {role}.");
    }

    private Task WriteAsync(int status, string type, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
}

/// <summary>The authorization policies, named by the role they need.</summary>
public static class ApiPolicies
{
    /// <summary>Fact-checkers and admins: writing sources and claims.</summary>
    public const string FactChecker = ApiKeyRoles.FactChecker;

    public const string Admin = ApiKeyRoles.Admin;
}

public static class ApiCaller
{
    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim);

    /// <summary>The key's owner: the actor recorded in the metadata of every event the request appends.</summary>
    public static string Owner(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Name) ?? throw new InvalidOperationException("Only authenticated requests have an owner.");
}
