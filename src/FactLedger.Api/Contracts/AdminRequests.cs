using FactLedger.Ledger.Catalog;
using FactLedger.Ledger.Common;

namespace FactLedger.Api.Contracts;

public sealed record AddPlatformRequest(string? Id, string? Name, string? Reason, IReadOnlyList<string>? Aliases = null)
{
    public AddPlatform ToCommand() => new(Id ?? "", Name ?? "", Aliases ?? [], Reason ?? "");
}

public sealed record AddPlatformAliasRequest(string? PlatformId, string? Alias, string? Reason)
{
    public AddPlatformAlias ToCommand() => new(PlatformId ?? "", Alias ?? "", Reason ?? "");
}

/// <param name="Kind">level or change; a change metric names its level metric in <see cref="BaseMetric"/>.</param>
public sealed record AddMetricRequest(string? Id, string? Name, string? Kind, string? Unit, string? Definition, string? Reason, string? BaseMetric = null)
{
    public AddMetric ToCommand()
    {
        var errors = new ValidationErrors();
        var kind = RequestFields.Enum<MetricKind>(errors, "kind", Kind, required: true);
        errors.ThrowIfAny();
        return new AddMetric(Id ?? "", Name ?? "", kind!.Value, Unit ?? "", Definition ?? "", string.IsNullOrWhiteSpace(BaseMetric) ? null : BaseMetric, Reason ?? "");
    }
}

/// <param name="Role">fact-checker or admin.</param>
/// <param name="Owner">Who the key is for; recorded as the actor of everything it writes.</param>
public sealed record CreateApiKeyRequest(string? Role, string? Owner);

/// <param name="Key">The secret, shown this once: only its hash is stored.</param>
public sealed record CreatedApiKeyResponse(string Id, string Key, string Role, string Owner, DateTimeOffset CreatedAt);

/// <param name="Projection">sources, claims or figures; null rebuilds all three in order.</param>
public sealed record StartRebuildRequest(string? Projection);
