using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Involvement.TestKit;

namespace Involvement.EndToEndTests;

/// <summary>
/// Forwards a port to RabbitMQ, so a test can make the broker unreachable for one service: while stopped, open
/// connections are cut and new ones refused, exactly what a service sees when the broker goes down. While refusing,
/// it accepts each connection and closes it at once, noting when: a broker that is down, with its reconnect attempts
/// counted.
/// </summary>
public sealed class TcpProxy(int targetPort) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private TcpListener? _listener;
    private readonly ConcurrentQueue<DateTime> _refused = new();
    private CancellationTokenSource? _stop;
    private volatile bool _refusing;

    public int Port { get; } = ServiceProcess.FreePort();

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _stop.Token);
    }

    /// <summary>When each connection attempt was refused (UTC).</summary>
    public IReadOnlyCollection<DateTime> Refused => _refused;

    /// <summary>Cuts open connections and refuses new ones until <see cref="Resume"/>.</summary>
    public void Refuse()
    {
        _refusing = true;
        CloseAll();
    }

    public void Resume() => _refusing = false;

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        CloseAll();
    }

    private void CloseAll()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Dispose();
        }

        _connections.Clear();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _stop?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_refusing)
            {
                _refused.Enqueue(DateTime.UtcNow);
                client.Dispose();
                continue;
            }

            _ = PipeAsync(client, cancellationToken);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var upstream = new TcpClient();
        _connections[client] = 0;
        _connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, targetPort, cancellationToken);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), cancellationToken),
                upstream.GetStream().CopyToAsync(client.GetStream(), cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The proxy was stopped or a side hung up: the connection ends, as it would with the broker gone.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Dispose();
        }
    }
}
