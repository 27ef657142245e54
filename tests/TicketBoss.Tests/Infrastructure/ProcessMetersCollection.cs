namespace TicketBoss.Tests.Infrastructure;

/// <summary>
/// Tests that count what the meters of the whole test process recorded (prometheus-net's adapter listens to every
/// meter, so every gateway running in parallel adds to the same series) run one at a time and apart from the rest of
/// the suite.
/// </summary>
[CollectionDefinition(nameof(ProcessMetersCollection), DisableParallelization = true)]
public sealed class ProcessMetersCollection;
