using System.Net;
using System.Net.Sockets;

/// <summary>Ports for the in-process silos of the benchmarks: one the kernel just gave out, so no other listener has it.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
