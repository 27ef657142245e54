using System.Net;
using System.Net.Sockets;

namespace TicketBoss.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, never the same one twice in a test run: each in-process silo needs two.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Take()
    {
        lock (Given)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
