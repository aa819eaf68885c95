using FactLedger.Api;

var app = FactLedgerApi.BuildApp(args);
app.Run();

/// <summary>The entry point; public so tests can host it with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
