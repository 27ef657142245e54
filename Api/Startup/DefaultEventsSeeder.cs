using Microsoft.Extensions.Options;
using TicketBoss.Grains;

namespace TicketBoss.Api.Startup;

/// <summary>Creates the default partner and single-seat events if they do not exist yet.</summary>
public sealed partial class DefaultEventsSeeder(IGrainFactory grains, IOptions<DefaultEventsOptions> options, ILogger<DefaultEventsSeeder> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        await EnsureAsync(o.PartnerEventId, new EventDefinition(o.PartnerEventName, o.PartnerEventSeats));
        var rows = Enumerable.Range(0, o.SeatEventRows)
            .Select(i => new SeatRowDefinition(RowName(i), o.SeatEventSeatsPerRow))
            .ToList();
        await EnsureAsync(o.SeatEventId, new EventDefinition(o.SeatEventName, null, SeatMap: new SeatMapDefinition(rows)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAsync(string eventId, EventDefinition definition)
    {
        var outcome = await grains.GetGrain<IEventGrain>(eventId).CreateAsync(definition);
        if (outcome.IsSuccess)
        {
            LogCreated(logger, eventId, outcome.Value!.Total);
        }
        else if (outcome.Error!.Code != ErrorCodes.EventExists)
        {
            throw new InvalidOperationException($"Default event {eventId} could not be created: {outcome.Error.Message}");
        }
    }

    /// <summary>A, B, ..., Z, AA, AB, ...</summary>
    private static string RowName(int index) => index < 26 ? ((char)('A' + index)).ToString() : RowName(index / 26 - 1) + (char)('A' + index % 26);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created default event {EventId} with {Seats} seats")]
    private static partial void LogCreated(ILogger logger, string eventId, int seats);
}
