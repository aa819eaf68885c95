namespace FactLedger.EventStore.Embedded;

/// <summary>
/// An exclusive lock beside a data directory (<c>&lt;dir&gt;.lock</c>), held while a process inspects, initialises and
/// starts the cluster, so two processes resolving the same cluster at once never both run initdb or start it twice.
/// </summary>
internal sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private readonly FileStream _handle;

    private ClusterLock(FileStream handle) => _handle = handle;

    public static string PathFor(string dataDirectory) => dataDirectory + ".lock";

    public static async Task<ClusterLock> AcquireAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var lockPath = PathFor(dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                // On Unix, FileShare.None takes an exclusive flock, which other processes honour too.
                return new ClusterLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (IOException exception)
            {
                throw new EmbeddedPostgresException(
                    $"Another process has held {lockPath} for over {GiveUpAfter.TotalMinutes} minutes while starting the cluster in {dataDirectory}.",
                    exception);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
