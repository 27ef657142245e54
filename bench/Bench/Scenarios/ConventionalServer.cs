using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TicketBoss.Bench.Scenarios;

/// <summary>Starts the conventional comparator (bench/Conventional) as its own process on a free port.</summary>
internal sealed class ConventionalServer : IAsyncDisposable
{
    private readonly Process _process;

    private ConventionalServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ConventionalServer> StartAsync(string connectionString)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = new Uri($"http://127.0.0.1:{port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Conventional", "bin", "Release", "net10.0", "TicketBoss.Conventional.dll");
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(dll), "--urls", url.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[conventional] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = url };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return new ConventionalServer(process, url);
                }
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
