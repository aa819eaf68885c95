using FactLedger.Api.Http;
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
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Paging.LinkPaged>().FirstOrDefault() is { } paged)
            {
                DescribePaging(operation, paged);
            }

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

    private static void DescribePaging(OpenApiOperation operation, Paging.LinkPaged paged)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            parameter.Description = parameter.Name switch
            {
                Paging.LimitName => FormattableString.Invariant($"Entries per page: 1 to {paged.MaxLimit}, default {paged.DefaultLimit}."),
                Paging.AfterName => "The opaque cursor of the next page, as the Link rel=\"next\" header gives it; leave out for the first page.",
                _ => parameter.Description,
            };
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Link"] = new OpenApiHeader
            {
                Description = "RFC 8288: <URL of the next page>; rel=\"next\". Absent on the last page.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }
}
