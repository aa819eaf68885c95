using FactLedger.Testing;
using YamlDotNet.RepresentationModel;

namespace FactLedger.Cli.Tests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml and the Dockerfile are checked by reading: the file parses,
/// and the wiring it promises (PostgreSQL first and healthy, the connection handed over, a health check) is there.
/// </summary>
public sealed class DeploymentFileTests
{
    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlMappingNode Service(string name) =>
        (YamlMappingNode)((YamlMappingNode)Compose()["services"])[name];

    [Fact]
    public void Compose_runs_postgres_with_a_health_check()
    {
        var postgres = Service("postgres");
        Assert.StartsWith("postgres:", ((YamlScalarNode)postgres["image"]).Value);
        Assert.Contains("pg_isready", ((YamlMappingNode)postgres["healthcheck"])["test"].ToString());
    }

    [Fact]
    public void Compose_starts_factledger_after_a_healthy_postgres_and_hands_it_the_connection()
    {
        var factledger = Service("factledger");
        var build = (YamlMappingNode)factledger["build"];
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, ((YamlScalarNode)build["dockerfile"]).Value!)));
        var dependsOn = (YamlMappingNode)((YamlMappingNode)factledger["depends_on"])["postgres"];
        Assert.Equal("service_healthy", ((YamlScalarNode)dependsOn["condition"]).Value);
        var connection = ((YamlScalarNode)((YamlMappingNode)factledger["environment"])["FACTLEDGER_CONNECTION"]).Value!;
        Assert.Contains("Host=postgres", connection);
        Assert.Contains("/health", ((YamlMappingNode)factledger["healthcheck"])["test"].ToString());
    }

    [Fact]
    public void The_image_migrates_ingests_the_seeds_and_serves()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "ops", "Dockerfile"));
        var entrypoint = dockerfile.Single(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Contains("\"start\"", entrypoint);
        Assert.Contains("--seeds", entrypoint);
        Assert.Contains(dockerfile, l => l.StartsWith("COPY seeds/", StringComparison.Ordinal));
    }
}
