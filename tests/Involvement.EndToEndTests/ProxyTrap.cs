using System.Net;
using System.Net.Sockets;

namespace Involvement.EndToEndTests;

/// <summary>
/// Given to the services as their HTTP and HTTPS proxy: any outbound web call they try (usage telemetry, update
/// checks) arrives here instead of leaving the machine, and is counted.
/// </summary>
public sealed class ProxyTrap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _connections;

    public ProxyTrap()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose() => _listener.Stop();

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
