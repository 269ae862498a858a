using System.Net;
using System.Net.Sockets;

namespace CallCrm.Connectors.Abstractions.Tests.Errors;

/// <summary>A TCP server on 127.0.0.1 that answers each connection with a scripted behaviour, to produce real
/// network failures (reset, garbage, silence) that a well-behaved HTTP server would never give.</summary>
internal sealed class LoopbackTcpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackTcpServer(Func<Socket, CancellationToken, Task> handle)
    {
        listener.Start();
        acceptLoop = AcceptAsync(handle);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>Completes when the first client has connected and sent something.</summary>
    public Task RequestReceived => connected.Task;

    /// <summary>A port on 127.0.0.1 nothing listens on: bound, then released.</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the loop this way.
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> handle)
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stopping.Token);
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    var buffer = new byte[4096];
                    try
                    {
                        await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                        connected.TrySetResult();
                        await handle(socket, stopping.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        // The client went away first; nothing to do.
                    }
                }
            });
        }
    }
}
