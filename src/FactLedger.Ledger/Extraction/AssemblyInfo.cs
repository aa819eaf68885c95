using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("FactLedger.Ledger.Tests")]
