namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// Tests that start several silos each and assert time bounds (failure detection, hold expiry) run one at a time and
/// apart from the rest of the suite.
/// </summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
