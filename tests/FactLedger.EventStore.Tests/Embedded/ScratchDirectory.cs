using FactLedger.EventStore.Embedded;

namespace FactLedger.EventStore.Tests.Embedded;

/// <summary>A unique directory under the temp directory; disposing stops any server left on it and deletes it.</summary>
internal sealed class ScratchDirectory : IAsyncDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "factledger-embedded-tests", Guid.NewGuid().ToString("N"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public async ValueTask DisposeAsync()
    {
        foreach (var cluster in Directory.Exists(Path) ? Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories).Where(IsCluster).ToList() : [])
        {
            await EmbeddedPostgres.DestroyAsync(cluster);
        }

        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static bool IsCluster(string directory) => File.Exists(System.IO.Path.Combine(directory, "global", "pg_control"));

    public static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
