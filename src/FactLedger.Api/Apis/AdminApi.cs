using FactLedger.Api.Admin;
using FactLedger.Api.Contracts;
using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.EventStore;
using FactLedger.EventStore.Integrity;
using FactLedger.Ledger.Access;
using FactLedger.Ledger.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FactLedger.Api.Apis;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(ApiPolicies.Admin);

        admin.MapPost("/rebuilds", StartRebuild)
            .RequireRateLimiting(FactLedgerApi.WritePolicy)
            .WithName("StartRebuild")
            .WithSummary("Rebuild a projection (or all) in the background; follow the Location for progress")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapGet("/rebuilds", ListRebuilds)
            .WithName("ListRebuilds")
            .WithSummary("Rebuilds this process has run or is running, newest first");
        admin.MapGet("/rebuilds/{id:guid}", GetRebuild)
            .WithName("GetRebuild")
            .WithSummary("A rebuild's state and progress")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/verify", Verify)
            .RequireRateLimiting(FactLedgerApi.WritePolicy)
            .WithName("VerifyIntegrity")
            .WithSummary("Recompute both hash chains and report any edited, missing or inserted event");

        var catalog = admin.MapGroup("/catalog").RequireRateLimiting(FactLedgerApi.WritePolicy);
        catalog.MapPost("/platforms", AddPlatform)
            .WithName("AddPlatform")
            .WithSummary("Add a platform to the catalog")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        catalog.MapPost("/aliases", AddPlatformAlias)
            .WithName("AddPlatformAlias")
            .WithSummary("Let another name find an existing platform")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        catalog.MapPost("/metrics", AddMetric)
            .WithName("AddMetric")
            .WithSummary("Add a metric to the catalog")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/keys", ListKeys)
            .WithName("ListApiKeys")
            .WithSummary("Every API key by its public id, with role, owner and revocation (never the secret)");
        admin.MapPost("/keys", CreateKey)
            .RequireRateLimiting(FactLedgerApi.WritePolicy)
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key; the response holds the only copy of the secret")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        admin.MapDelete("/keys/{id}", RevokeKey)
            .RequireRateLimiting(FactLedgerApi.WritePolicy)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static Accepted<RebuildStatus> StartRebuild(HttpContext http, RebuildJobs jobs, StartRebuildRequest? request)
    {
        var status = jobs.Start(string.IsNullOrWhiteSpace(request?.Projection) ? null : request.Projection.Trim(), http.User.Owner());
        return TypedResults.Accepted($"/api/admin/rebuilds/{status.Id}", status);
    }

    public static Ok<IReadOnlyList<RebuildStatus>> ListRebuilds(RebuildJobs jobs) => TypedResults.Ok(jobs.List());

    public static Results<Ok<RebuildStatus>, ProblemHttpResult> GetRebuild(RebuildJobs jobs, Guid id) =>
        jobs.Get(id) is { } status
            ? TypedResults.Ok(status)
            : ApiProblems.NotFoundProblem($"No rebuild '{id}' in this process (rebuild status is kept per process, until it restarts).");

    public static async Task<Ok<IntegrityReport>> Verify(PostgresEventStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.VerifyAsync(cancellationToken));

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> AddPlatform(HttpContext http, LedgerCommands commands, AddPlatformRequest request, CancellationToken cancellationToken) =>
        Writes.UpdateAsync(http, context => commands.AddPlatformAsync(request.ToCommand(), context, cancellationToken));

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> AddPlatformAlias(HttpContext http, LedgerCommands commands, AddPlatformAliasRequest request, CancellationToken cancellationToken) =>
        Writes.UpdateAsync(http, context => commands.AddPlatformAliasAsync(request.ToCommand(), context, cancellationToken));

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> AddMetric(HttpContext http, LedgerCommands commands, AddMetricRequest request, CancellationToken cancellationToken) =>
        Writes.UpdateAsync(http, context => commands.AddMetricAsync(request.ToCommand(), context, cancellationToken));

    public static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeys(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(includeRevoked: true, cancellationToken));

    public static async Task<Created<CreatedApiKeyResponse>> CreateKey(ApiKeyStore keys, CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request.Role ?? "", request.Owner ?? "", cancellationToken);
        var info = created.Info;
        return TypedResults.Created($"/api/admin/keys/{info.Id}", new CreatedApiKeyResponse(info.Id, created.Key, info.Role, info.Owner, info.CreatedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(ApiKeyStore keys, string id, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFoundProblem($"No API key '{id}'.");
}
