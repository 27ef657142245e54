namespace TicketBoss.Chaos;

/// <summary>The runner could not start its cluster (a missing build, PostgreSQL not starting, a silo that never joined).</summary>
internal sealed class ChaosSetupException(string message) : Exception(message);
