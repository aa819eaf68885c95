using System.Globalization;
using System.Threading.RateLimiting;
using FactLedger.Api.Admin;
using FactLedger.Api.Apis;
using FactLedger.Api.Hosting;
using FactLedger.Api.Problems;
using FactLedger.Api.Security;
using FactLedger.Ledger.Access;
using FactLedger.Ledger.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FactLedger.Api;

/// <summary>
/// Builds the FactLedger web app: the HTTP API, static pages from wwwroot, the OpenAPI document and, when the options
/// say so, the projection daemon. <c>Program</c> and <c>factledger serve</c> both start it from here.
/// </summary>
public static class FactLedgerApi
{
    /// <summary>The rate-limiting policy every write endpoint uses: a fixed window per API key.</summary>
    public const string WritePolicy = "writes";

    /// <summary>Configuration key of the connection string; <c>FACTLEDGER_CONNECTION</c> is read when it is absent.</summary>
    public const string ConnectionStringKey = "FactLedger:ConnectionString";
    public const string ConnectionVariable = "FACTLEDGER_CONNECTION";

    /// <summary>The app as <c>factledger serve</c> runs it: the caller has resolved the database already.</summary>
    /// <param name="args">Host arguments, e.g. <c>--urls http://127.0.0.1:5080</c>.</param>
    public static WebApplication BuildApp(string[] args, FactLedgerOptions options) =>
        // The pages ship beside the assembly; the working directory is the user's (it holds .factledger/, seeds/).
        Build(WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }), options);

    /// <summary>The app with its database taken from configuration (<see cref="ConnectionStringKey"/> or <c>FACTLEDGER_CONNECTION</c>).</summary>
    public static WebApplication BuildApp(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        return Build(builder, OptionsFrom(builder.Configuration));
    }

    /// <summary>Ledger options from configuration: the connection string, and whether to run the daemon (default: yes).</summary>
    /// <exception cref="InvalidOperationException">No connection string is configured.</exception>
    public static FactLedgerOptions OptionsFrom(IConfiguration configuration)
    {
        // The embedded default database is the CLI's job (factledger serve/start); hosting the API alone needs a server.
        var connectionString = configuration[ConnectionStringKey] is { Length: > 0 } configured
            ? configured
            : configuration[ConnectionVariable] is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : throw new InvalidOperationException($"No database: set {ConnectionVariable} or {ConnectionStringKey}, or run `factledger serve`, which starts the embedded default.");
        return new FactLedgerOptions
        {
            ConnectionString = connectionString,
            RunProjectionDaemon = configuration.GetValue("FactLedger:RunProjectionDaemon", true),
            ApplicationRole = configuration["FactLedger:ApplicationRole"] ?? "factledger_app",
        };
    }

    private static WebApplication Build(WebApplicationBuilder builder, FactLedgerOptions options)
    {
        var api = builder.Configuration.GetSection(FactLedgerApiOptions.Section).Get<FactLedgerApiOptions>() ?? new FactLedgerApiOptions();
        AddServices(builder.Services, options, api);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        var app = builder.Build();
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        // The pages' files are never under /api: API requests skip the file-system lookups.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"), pages =>
        {
            pages.UseDefaultFiles();
            pages.UseStaticFiles();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<InvalidateReadPositionOnWrite>();
        app.UseOutputCache();

        app.MapOpenApi();
        app.UseSwaggerUI(swagger =>
        {
            swagger.RoutePrefix = "docs";
            swagger.SwaggerEndpoint("/openapi/v1.json", "FactLedger API v1");
            swagger.DocumentTitle = "FactLedger API";
        });

        app.MapCatalogApi();
        app.MapFiguresApi();
        app.MapClaimsApi();
        app.MapSourcesApi();
        app.MapCandidatesApi();
        app.MapEventsApi();
        app.MapExportsApi();
        app.MapAdminApi();
        app.MapHealthApi();
        app.MapPagesSupportApi();
        return app;
    }

    private static void AddServices(IServiceCollection services, FactLedgerOptions options, FactLedgerApiOptions api)
    {
        services.AddSingleton(api);
        if (api.MigrateOnStartup)
        {
            services.AddHostedService<LedgerMigrations>();
        }

        services.AddFactLedger(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyStore>();
        services.AddSingleton<RebuildJobs>();
        services.AddSingleton<FeedSignal>();
        services.AddSingleton<ReadPositionCache>();
        services.AddSingleton<ProjectionReadCache>();
        services.AddOutputCache(cache =>
        {
            cache.SizeLimit = api.ReadCacheSizeLimit;
            cache.AddPolicy(ProjectionReadCache.PolicyName, policy => policy.AddPolicy<ProjectionReadCache>(), excludeDefaultPolicy: true);
        });
        services.AddHostedService(sp => sp.GetRequiredService<FeedSignal>());
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        // Binding failures (bad JSON, a query value of the wrong type) become exceptions the handler turns into problems.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            if (context.ProblemDetails.Type is null || !context.ProblemDetails.Type.StartsWith(ApiProblems.BaseUri, StringComparison.Ordinal))
            {
                context.ProblemDetails.Type = ApiProblems.TypeFor(status);
            }

            context.ProblemDetails.Detail ??= ApiProblems.DefaultDetail(status, context.HttpContext.Request);
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.FactChecker, policy => policy.RequireRole(ApiKeyRoles.FactChecker, ApiKeyRoles.Admin))
            .AddPolicy(ApiPolicies.Admin, policy => policy.RequireRole(ApiKeyRoles.Admin));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(WritePolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.User.KeyId() ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = api.WritesPerWindow, Window = api.WriteWindow, QueueLimit = 0 }));
            limiter.OnRejected = RejectAsync;
        });

        services.AddOpenApi(OpenApiSetup.Configure);
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var api = http.RequestServices.GetRequiredService<FactLedgerApiOptions>();
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ApiProblems.RateLimited,
                Title = "Too many writes",
                Detail = $"Each API key may make {api.WritesPerWindow} writes per {api.WriteWindow.TotalSeconds:0} s. Retry after {retryAfter} s.",
            },
        });
    }
}
