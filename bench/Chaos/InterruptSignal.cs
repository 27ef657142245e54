using System.Runtime.InteropServices;

namespace TicketBoss.Chaos;

/// <summary>Turns Ctrl-C, SIGTERM and SIGHUP into a cancellation, so the run stops its processes and removes its data before exiting.</summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public InterruptSignal()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, Handle))];
    }

    public CancellationToken Token => _source.Token;

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the run unwinds through its cleanup instead of dying with children still running.
        context.Cancel = true;
        if (!_source.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{context.Signal}: stopping, cleaning up...");
            _source.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }
}
