namespace FactLedger.EventStore.Embedded;

/// <summary>The embedded PostgreSQL server could not be initialised, started or stopped; the message carries the server's own words.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message) : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
