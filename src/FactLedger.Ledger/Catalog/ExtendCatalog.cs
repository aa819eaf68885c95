using System.Text.RegularExpressions;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Catalog;

public sealed record AddPlatform(string Id, string Name, IReadOnlyList<string> Aliases, string Reason);

public sealed record AddPlatformAlias(string PlatformId, string Alias, string Reason);

public sealed record AddMetric(string Id, string Name, MetricKind Kind, string Unit, string Definition, string? BaseMetric, string Reason);

/// <summary>
/// Decides catalog extensions against the current catalog (built-in + folded events). A name, id or alias may
/// find only one platform, so anything that already finds a platform is a duplicate.
/// </summary>
public static partial class ExtendCatalog
{
    public const string StreamId = "catalog";

    public static PlatformAdded Decide(AddPlatform command, PlatformCatalog catalog)
    {
        var errors = new ValidationErrors();
        Slug.Check(errors, "id", command.Id);
        errors.Require("name", command.Name, "A name");
        errors.Require("reason", command.Reason, "A reason");
        if (!string.IsNullOrWhiteSpace(command.Id) && catalog.FindPlatform(command.Id) is { } byId)
        {
            errors.Add("id", $"'{command.Id}' already finds platform '{byId.Id}'.");
        }

        if (!string.IsNullOrWhiteSpace(command.Name) && catalog.FindPlatform(command.Name) is { } byName)
        {
            errors.Add("name", $"'{command.Name}' already finds platform '{byName.Id}'.");
        }

        var aliases = (command.Aliases ?? []).Select(a => a?.Trim() ?? "").ToArray();
        for (var i = 0; i < aliases.Length; i++)
        {
            CheckNewAlias(errors, $"aliases[{i}]", aliases[i], catalog);
        }

        errors.ThrowIfAny();
        var platform = new Platform(command.Id, command.Name.Trim(), aliases.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
        return new PlatformAdded(platform, command.Reason.Trim());
    }

    public static PlatformAliasAdded Decide(AddPlatformAlias command, PlatformCatalog catalog)
    {
        var errors = new ValidationErrors();
        errors.Require("reason", command.Reason, "A reason");
        var platform = string.IsNullOrWhiteSpace(command.PlatformId)
            ? null
            : catalog.Platforms.FirstOrDefault(p => p.Id == command.PlatformId);
        if (platform is null)
        {
            errors.Add("platformId", $"Unknown platform '{command.PlatformId}'. Valid ids: {string.Join(", ", catalog.Platforms.Select(p => p.Id))}.");
        }

        CheckNewAlias(errors, "alias", command.Alias?.Trim(), catalog);
        errors.ThrowIfAny();
        return new PlatformAliasAdded(platform!.Id, command.Alias!.Trim(), command.Reason.Trim());
    }

    public static MetricAdded Decide(AddMetric command, PlatformCatalog catalog)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(command.Id) || !MetricId().IsMatch(command.Id))
        {
            errors.Add("id", $"'{command.Id}' is not a valid metric id: use lower-case letters, digits and underscores, starting with a letter.");
        }
        else if (catalog.FindMetric(command.Id) is not null)
        {
            errors.Add("id", $"Metric '{command.Id}' already exists.");
        }

        errors.Require("name", command.Name, "A name");
        errors.Require("unit", command.Unit, "A unit");
        errors.Require("definition", command.Definition, "A definition");
        errors.Require("reason", command.Reason, "A reason");
        CheckKind(errors, command, catalog);
        errors.ThrowIfAny();
        var metric = new Metric(command.Id, command.Name.Trim(), command.Kind, command.Unit.Trim(), command.Definition.Trim(), command.BaseMetric);
        return new MetricAdded(metric, command.Reason.Trim());
    }

    /// <summary>A change metric measures the change of a level metric; a level has no base.</summary>
    private static void CheckKind(ValidationErrors errors, AddMetric command, PlatformCatalog catalog)
    {
        if (!Enum.IsDefined(command.Kind))
        {
            errors.Add("kind", $"'{command.Kind}' is not a metric kind (level or change).");
        }
        else if (command.Kind == MetricKind.Level && command.BaseMetric is not null)
        {
            errors.Add("baseMetric", "A level metric has no base metric.");
        }
        else if (command.Kind == MetricKind.Change)
        {
            var baseMetric = command.BaseMetric is null ? null : catalog.FindMetric(command.BaseMetric);
            if (baseMetric is not { Kind: MetricKind.Level })
            {
                errors.Add("baseMetric", $"A change metric needs the id of an existing level metric as its base; got '{command.BaseMetric}'.");
            }
        }
    }

    private static void CheckNewAlias(ValidationErrors errors, string field, string? alias, PlatformCatalog catalog)
    {
        if (string.IsNullOrWhiteSpace(alias))
        {
            errors.Add(field, "An alias must not be blank.");
        }
        else if (catalog.FindPlatform(alias) is { } existing)
        {
            errors.Add(field, $"'{alias}' already finds platform '{existing.Id}'.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricId();
}
