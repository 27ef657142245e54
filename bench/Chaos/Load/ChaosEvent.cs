namespace TicketBoss.Chaos.Load;

/// <summary>An event the run created, with the labels of its seats in seat-map order.</summary>
internal sealed record ChaosEvent(string Id, IReadOnlyList<string> Labels)
{
    /// <summary>The default partner event that POST /reservations books on.</summary>
    public const string PartnerEventId = "node-meetup-2025";
}
