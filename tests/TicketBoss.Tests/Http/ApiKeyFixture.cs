using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketBoss.Tests.Infrastructure;

namespace TicketBoss.Tests.Http;

/// <summary>
/// The real gateway with an admin key and two partner keys configured, on a database of its own, with a client per caller.
/// Everything the gateway logs from the moment it serves is captured, so tests can check that no key is ever written out.
/// </summary>
public sealed class ApiKeyFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-secret-5e1f9c0a";
    public const string AcmeKey = "acme-secret-77b2d4e6";
    public const string GlobexKey = "globex-secret-03c8a1f9";
    public const string WrongKey = "not-a-key-4a9d21b7";

    private RunningGateway? _app;

    /// <summary>One shared client: tests put the key (if any) on each request.</summary>
    public HttpClient Client { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public RunningGateway Gateway => _app!;

    public Task InitializeAsync()
    {
        _app = GatewayFixture.Start(TestDatabase.CreateIsolated("apikeys"), new Dictionary<string, string?>
        {
            ["Auth:AdminKeys:0"] = AdminKey,
            ["Auth:PartnerKeys:acme"] = AcmeKey,
            ["Auth:PartnerKeys:globex"] = GlobexKey,
            // Log everything the gateway says about requests, so that a leaked key would be seen.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:TicketBoss"] = "Trace",
        });
        _app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Client = GatewayClients.Create(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Keeps every log entry: message, structured values and exception text.</summary>
    public sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _entries = new();

        public IReadOnlyCollection<string> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                entries.Enqueue($"{category} scope: {Describe(state)}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} | {Describe(state)} | {exception}");

            private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
        }
    }
}
