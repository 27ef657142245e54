using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.TestingHost;
using TicketBoss.Api.Http;
using TicketBoss.Grains;

namespace TicketBoss.Tests.Cluster;

/// <summary>
/// A test-only grain between a caller and an event, as any grain of the service that calls an event would be: it
/// reports the correlation id it saw and its silo, then calls the event. Placed on the silo that received the call.
/// </summary>
[Alias("ticketboss.tests.ICorrelationRelayGrain")]
public interface ICorrelationRelayGrain : IGrainWithStringKey
{
    /// <summary>The silo of this activation (placing it there on the first call).</summary>
    Task<SiloAddress> WhereAsync();

    /// <summary>Reads the event's snapshot on the caller's behalf.</summary>
    Task<RelayReport> RelayAsync(string eventId);
}

/// <summary>What the relay saw: the correlation id in its RequestContext, its silo, and whether the event answered.</summary>
[GenerateSerializer, Immutable, Alias("ticketboss.tests.RelayReport")]
public sealed record RelayReport([property: Id(0)] string? CorrelationId, [property: Id(1)] SiloAddress Silo, [property: Id(2)] bool EventAnswered);

[PreferLocalPlacement]
internal sealed class CorrelationRelayGrain(ILocalSiloDetails silo) : Grain, ICorrelationRelayGrain
{
    public Task<SiloAddress> WhereAsync() => Task.FromResult(silo.SiloAddress);

    public async Task<RelayReport> RelayAsync(string eventId)
    {
        var seen = RequestContext.Get(CorrelationIdMiddleware.CorrelationKey) as string;
        var snapshot = await GrainFactory.GetGrain<IEventGrain>(eventId).GetSnapshotAsync();
        return new RelayReport(seen, silo.SiloAddress, snapshot.IsSuccess);
    }
}

/// <summary>
/// Records, on the silo that serves them, the calls to event grains and the correlation id each carried in its
/// RequestContext: what the EventGrain itself would read, observed without changing it.
/// </summary>
public sealed class EventCallRecorder : IIncomingGrainCallFilter
{
    public ConcurrentQueue<(string EventId, string Method, string? CorrelationId)> Calls { get; } = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IEventGrain))
        {
            Calls.Enqueue((context.TargetId.Key.ToString()!, context.MethodName,
                RequestContext.Get(CorrelationIdMiddleware.CorrelationKey) as string));
        }
        return context.Invoke();
    }

    /// <summary>The recorder of an in-process silo of an <see cref="Infrastructure.OrleansCluster"/> started with <see cref="Configurator"/>.</summary>
    public static EventCallRecorder Of(SiloHandle silo) =>
        Infrastructure.OrleansCluster.ServicesOf(silo).GetRequiredService<EventCallRecorder>();

    /// <summary>Adds the recorder to every silo of a test cluster.</summary>
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<EventCallRecorder>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<EventCallRecorder>());
        }
    }
}
