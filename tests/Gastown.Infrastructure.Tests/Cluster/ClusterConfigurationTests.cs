using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Persistence;
using Gastown.Application;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Tests.Cluster;

public sealed class ClusterConfigurationTests
{
    [Fact]
    public void Postgres_without_a_cluster_secret_stops_the_start_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gastown:Storage:Provider"] = "postgres",
            ["Gastown:Storage:ConnectionString"] = "Host=127.0.0.1;Database=gastown",
        }).Build();

        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddInfrastructure(configuration));

        error.Message.ShouldContain("Gastown:Cluster:Secret");
    }

    [Fact]
    public void A_node_keeps_the_id_made_on_its_first_start_and_a_configured_id_wins()
    {
        using var temp = new TempDirectory("gastown-node-id");
        var data = new DataDirectory(Options.Create(new GastownOptions { DataDir = temp.Path }));

        var first = NodeIdentity.Resolve(null, data);
        var again = NodeIdentity.Resolve("", data);

        first.ShouldStartWith("node-");
        again.ShouldBe(first);
        File.ReadAllText(Path.Combine(temp.Path, NodeIdentity.FileName)).ShouldBe(first);
        NodeIdentity.Resolve("web-1", data).ShouldBe("web-1");
        Should.Throw<InvalidOperationException>(() => NodeIdentity.Resolve("no spaces/here", data)).Message.ShouldContain("Gastown:Cluster:NodeId");
    }

    [Fact]
    public void The_secret_comparison_needs_the_exact_configured_secret()
    {
        ClusterSecret.Matches("s3cret", "s3cret").ShouldBeTrue();
        ClusterSecret.Matches("s3cret", "s3cre").ShouldBeFalse();
        ClusterSecret.Matches("s3cret", "S3cret").ShouldBeFalse();
        ClusterSecret.Matches("s3cret", null).ShouldBeFalse();
        ClusterSecret.Matches("", "").ShouldBeFalse();
        ClusterSecret.Matches(null, "anything").ShouldBeFalse();
    }

    [Fact]
    public void The_options_never_print_the_secret()
    {
        new ClusterOptions { NodeId = "n1", InternalUrl = "http://10.0.0.1:8080/", Secret = "do-not-print" }.ToString().ShouldNotContain("do-not-print");
    }
}
