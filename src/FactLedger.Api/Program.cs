using FactLedger.Api;

var app = await FactLedgerApi.BuildAppAsync(args);
await app.RunAsync();

/// <summary>The entry point; public so tests can host it with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
