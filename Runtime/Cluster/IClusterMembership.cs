namespace TicketBoss.Runtime.Cluster;

/// <summary>The cluster as this process last saw it: every silo in the membership table.</summary>
public interface IClusterMembership
{
    IReadOnlyList<SiloMember> Members { get; }
}
