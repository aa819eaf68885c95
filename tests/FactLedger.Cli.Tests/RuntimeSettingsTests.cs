using System.Text.Json;

namespace FactLedger.Cli.Tests;

/// <summary>The settings the executables ship with, read from the runtime configuration the build puts beside them.</summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("factledger.runtimeconfig.json")]
    [InlineData("FactLedger.Api.runtimeconfig.json")]
    public void Servers_sharing_a_machine_with_postgres_do_not_spin_idle_thread_pool_threads(string runtimeConfig)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, runtimeConfig)));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
