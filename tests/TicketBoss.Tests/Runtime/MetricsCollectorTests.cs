using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TicketBoss.Runtime.Diagnostics;

namespace TicketBoss.Tests.Runtime;

public class MetricsCollectorTests
{
    [Fact]
    public void MeasurementsWithTheSameTagsAddUpInOneSeriesAndOtherTagsGetTheirOwn()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector(meters);
        var counter = meters.Create("TicketBoss.Test").CreateCounter<long>("test.requests");

        Parallel.For(0, 10_000, i => counter.Add(1, new("route", "/holds"), new("status", 200 + (i % 2))));
        counter.Add(5, new KeyValuePair<string, object?>("route", "/book"), new("status", 201));

        var series = collector.Snapshot().Single(f => f.Name.StartsWith("test_requests", StringComparison.Ordinal)).Series;
        Assert.Equal(3, series.Count);
        Assert.Equal(5_000, series.Single(s => s.Labels["route"] == "/holds" && s.Labels["status"] == "200").Value);
        Assert.Equal(5_000, series.Single(s => s.Labels["route"] == "/holds" && s.Labels["status"] == "201").Value);
        Assert.Equal(5, series.Single(s => s.Labels["route"] == "/book").Value);
    }

    [Fact]
    public void AnObservableGaugeShowsOnlyItsLatestReading()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector(meters);
        var reading = 1;
        meters.Create("TicketBoss.Test").CreateObservableGauge("test.depth", () => new Measurement<int>(reading, new KeyValuePair<string, object?>("queue", $"q{reading}")));

        collector.Snapshot();
        reading = 7;
        var series = collector.Snapshot().Single(f => f.Name.StartsWith("test_depth", StringComparison.Ordinal)).Series;

        Assert.Equal(7, Assert.Single(series).Value);
        Assert.Equal("q7", series[0].Labels["queue"]);
    }
}
