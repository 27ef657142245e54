using TicketBoss.Grains;

namespace TicketBoss.Api.Http;

/// <summary>How a failed grain call left things: it did not take effect (retry freely), or it may have.</summary>
public static class GrainFailures
{
    /// <summary>
    /// True for every failure of a grain call, as opposed to a bug in the gateway. A database exception reaches the
    /// gateway as itself only from reads that query PostgreSQL directly (the event directory, Orleans's membership
    /// table behind /cluster); the event storage wraps those of changes in the two exceptions below.
    /// </summary>
    public static bool IsGrainFailure(Exception e) =>
        e is OrleansException or TimeoutException or Orleans.Serialization.SerializerException or System.Data.Common.DbException;

    /// <summary>
    /// The call may have taken effect: its commit's connection broke, its silo died while it ran (Orleans tells a
    /// caller in the cluster once the silo is declared dead), no answer came in time, or the answer could not be read.
    /// </summary>
    public static bool OutcomeUnknown(Exception e) =>
        e is CommitOutcomeUnknownException or SiloUnavailableException or TimeoutException or Orleans.Serialization.SerializerException;
}
