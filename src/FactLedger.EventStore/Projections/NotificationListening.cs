using Npgsql;

namespace FactLedger.EventStore.Projections;

/// <summary>Receiving <c>LISTEN</c> notifications on a connection of one's own, for as long as it is wanted.</summary>
public static class NotificationListening
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Lets <paramref name="connection"/> raise its <see cref="NpgsqlConnection.Notification"/> events until
    /// <paramref name="cancellationToken"/> is cancelled; throws <see cref="NpgsqlException"/> when the connection fails
    /// or closes, since its LISTENs (and any session lock on it) ended with it.
    /// </summary>
    /// <remarks>
    /// Waits in slices instead of handing the token to Npgsql: a cancelled <c>WaitAsync</c> can hang (npgsql/npgsql
    /// issues #5906 and #5975), and whoever listens would never stop.
    /// </remarks>
    public static async Task ReceiveNotificationsAsync(this NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await connection.WaitAsync(Slice, CancellationToken.None);
            if (connection.FullState != System.Data.ConnectionState.Open)
            {
                throw new NpgsqlException("The connection listening for notifications closed.");
            }
        }
    }
}
