using FactLedger.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FactLedger.Api.Hosting;

/// <summary>The OpenAPI document: API key security on the operations that need a key, and the API's own description.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "FactLedger API",
                Version = "v1",
                Description = "An event-sourced ledger of sourced numeric claims about platforms. Reads are public; writes need an API key "
                    + "in X-Api-Key (fact-checker or admin role). Errors are RFC 9457 problem details with a stable type per kind.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "An API key issued with `factledger keys create --role <fact-checker|admin> --owner <name>`.",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var policy = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            if (policy is null)
            {
                return Task.CompletedTask;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            });
            operation.Description = $"{operation.Description} Needs an API key with the {policy} role.".Trim();
            return Task.CompletedTask;
        });
    }
}
