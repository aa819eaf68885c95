using Xunit;

namespace FactLedger.Testing;

/// <summary>
/// A fresh, empty database on <see cref="TestPostgres"/> for one test class (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>),
/// dropped when the class is done, so test classes run in parallel without seeing each other's data.
/// </summary>
public class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>A superuser connection string to this class's database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The fixture's database is created in InitializeAsync; xunit calls it before the tests run.");

    /// <summary>The start of the database's name, to tell databases apart on a shared server.</summary>
    protected virtual string DatabasePrefix => "test";

    public virtual async Task InitializeAsync() =>
        _connectionString = await TestPostgres.CreateDatabaseAsync(DatabasePrefix);

    public virtual async Task DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await TestPostgres.DropDatabaseAsync(_connectionString);
        }
    }
}
