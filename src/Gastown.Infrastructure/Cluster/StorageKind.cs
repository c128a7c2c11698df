namespace Gastown.Infrastructure.Cluster;

/// <summary>Which storage this node runs on (Gastown:Storage:Provider): decides whether it is alone or in a cluster.</summary>
public sealed record StorageKind(string Name)
{
    public bool IsPostgres => Name == "postgres";
}
