namespace TicketBoss.Tests.Storage;

/// <summary>How many event activations the cluster runs (Orleans's management grain): to see one is really gone.</summary>
internal static class EventActivations
{
    public static async Task<int> CountAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("EventGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
