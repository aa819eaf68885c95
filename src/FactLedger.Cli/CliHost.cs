using FactLedger.EventStore;
using FactLedger.EventStore.Embedded;
using FactLedger.EventStore.Events;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Hosting;
using FactLedger.Ledger.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FactLedger.Cli;

/// <summary>Exit codes a script can rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
    public const int Conflict = 3;
    public const int NotFound = 4;
    public const int IntegrityBroken = 5;
    public const int DatabaseUnavailable = 6;
}

/// <summary>
/// Runs one CLI command against the ledger: resolves the database (FACTLEDGER_CONNECTION, or the embedded default
/// under .factledger/), migrates, wires <c>AddFactLedger</c>, and turns domain errors into messages and exit codes.
/// </summary>
public static class CliHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        try
        {
            await using var database = await FactLedgerDatabase.ResolveAsync(Directory.GetCurrentDirectory(), cancellationToken);
            var services = new ServiceCollection()
                .AddFactLedger(new FactLedgerOptions { ConnectionString = database.ConnectionString })
                .BuildServiceProvider();
            await using (services)
            {
                await LedgerStoreFactory.MigrateAsync(services.GetRequiredService<PostgresEventStore>(), cancellationToken);
                return await command(services, cancellationToken);
            }
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    public static int Report(Exception error)
    {
        switch (error)
        {
            case LedgerValidationException invalid:
                Console.Error.WriteLine($"error: {invalid.Message}");
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages)
                    {
                        Console.Error.WriteLine($"  {field}: {message}");
                    }
                }

                return ExitCodes.Invalid;
            case ConcurrencyException conflict:
                Console.Error.WriteLine($"error: {conflict.Message} Re-read it and try again.");
                return ExitCodes.Conflict;
            case NotFoundException notFound:
                Console.Error.WriteLine($"error: {notFound.Message}");
                return ExitCodes.NotFound;
            case PostgresBinariesNotFoundException missing:
                Console.Error.WriteLine($"error: {missing.Message}");
                return ExitCodes.DatabaseUnavailable;
            case NpgsqlException { InnerException: TimeoutException } timeout:
                Console.Error.WriteLine($"error: the database did not answer in time ({timeout.Message}).");
                return ExitCodes.DatabaseUnavailable;
            case NpgsqlException database when database is not PostgresException:
                Console.Error.WriteLine($"error: the database cannot be reached ({database.Message}). Check FACTLEDGER_CONNECTION or the embedded server's log under .factledger/.");
                return ExitCodes.DatabaseUnavailable;
            case OperationCanceledException:
                Console.Error.WriteLine("cancelled");
                return ExitCodes.Failed;
            case ArgumentException or FormatException or IOException or UnauthorizedAccessException:
                Console.Error.WriteLine($"error: {error.Message}");
                return ExitCodes.Invalid;
            default:
                Console.Error.WriteLine($"error: {error.GetType().Name}: {error.Message}");
                return ExitCodes.Failed;
        }
    }
}

/// <summary>The thing asked for does not exist (a claim id, a source id).</summary>
public sealed class NotFoundException(string message) : Exception(message);
