using System.CommandLine;
using FactLedger.Cli.Output;
using FactLedger.EventStore;
using FactLedger.Ledger.Access;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace FactLedger.Cli.Commands;

/// <summary>keys create/revoke/list: API keys, stored only as hashes.</summary>
public static class KeyCommands
{
    public static Command Keys()
    {
        var role = new Option<string>("--role") { Description = "fact-checker or admin.", Required = true };
        role.AcceptOnlyFromAmong([.. ApiKeyRoles.All]);
        var owner = new Option<string>("--owner") { Description = "Who the key is for; recorded as the actor of what it writes.", DefaultValueFactory = _ => Environment.UserName };
        var create = new Command("create", "Create a key; it is printed once and stored only as a hash.") { role, owner };
        create.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var created = await Store(services).CreateAsync(parse.GetValue(role)!, parse.GetValue(owner)!, ct);
            Console.Out.WriteLine($"Created {created.Info.Role} key {created.Id} for {created.Info.Owner}. Keep it now; it cannot be shown again:");
            Console.Out.WriteLine(created.Key);
            return ExitCodes.Ok;
        }, cancellationToken));

        var id = new Argument<string>("id") { Description = "The key's public id (see keys list)." };
        var revoke = new Command("revoke", "Revoke a key at once.") { id };
        revoke.SetAction((parse, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var keyId = parse.GetValue(id)!;
            if (!await Store(services).RevokeAsync(keyId, ct))
            {
                throw new NotFoundException($"No API key with id '{keyId}'.");
            }

            Console.Out.WriteLine($"Revoked key {keyId}.");
            return ExitCodes.Ok;
        }, cancellationToken));

        var list = new Command("list", "List keys (ids, roles, owners; never secrets).");
        list.SetAction((_, cancellationToken) => CliHost.RunAsync(async (services, ct) =>
        {
            var table = CliOutput.Table("Id", "Role", "Owner", "Created", "Revoked");
            foreach (var key in await Store(services).ListAsync(true, ct))
            {
                table.AddRow(key.Id, key.Role, CliOutput.Escape(key.Owner), key.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    key.RevokedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }

            CliOutput.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));

        return new Command("keys", "Manage API keys.") { create, revoke, list };
    }

    private static ApiKeyStore Store(IServiceProvider services) => new(services.GetRequiredService<PostgresEventStore>());
}
