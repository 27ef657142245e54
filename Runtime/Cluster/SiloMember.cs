namespace TicketBoss.Runtime.Cluster;

/// <summary>One row of the membership table: a silo incarnation, where it listens and how alive it is.</summary>
public sealed record SiloMember(
    string Id,
    string Address,
    string Status,
    int Pid,
    int Activations,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeat)
{
    /// <summary>The status of a silo that serves calls.</summary>
    public const string ActiveStatus = "Active";

    /// <summary>The status of a silo that stopped heartbeating and was declared dead by another.</summary>
    public const string DeadStatus = "Dead";

    public bool IsActive => Status == ActiveStatus;
}
