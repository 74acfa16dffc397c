using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>What a <see cref="RawHttpServer"/> does after reading a whole request.</summary>
internal enum RawBehavior
{
    /// <summary>Resets the connection without answering: the request was sent, the outcome is unknown.</summary>
    Reset,

    /// <summary>Never answers (a hung upstream).</summary>
    NeverAnswer,

    /// <summary>Sends the status line and headers, then one body byte a second, forever.</summary>
    TrickleBody,
}

/// <summary>
/// A loopback TCP server for what a mock server cannot do: reset a connection after reading a request, never answer,
/// or trickle a body forever. It counts requests the moment they have fully arrived.
/// </summary>
internal sealed class RawHttpServer : IDisposable
{
    private readonly RawBehavior _behavior;
    private readonly int _status;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    internal RawHttpServer(RawBehavior behavior = RawBehavior.Reset, int status = 201)
    {
        _behavior = behavior;
        _status = status;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    internal Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    internal int Requests => Volatile.Read(ref _requests);

    /// <summary>A client pointed at this server with the test token, logging through the secret scan.</summary>
    internal CallControlClient CreateClient(Action<CallControlClientOptions>? configure = null)
    {
        var options = new CallControlClientOptions { AccessToken = WebexFake.Token, BaseAddress = BaseAddress, LoggerFactory = SecretScan.LoggerFactory };
        configure?.Invoke(options);
        return new CallControlClient(options);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = DropAfterRequestAsync(socket);
        }
    }

    private async Task DropAfterRequestAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[64 * 1024];
            var received = new StringBuilder();
            try
            {
                while (true)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    var text = received.ToString();
                    var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (headerEnd < 0)
                    {
                        continue;
                    }

                    var lengthLine = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    if (text.Length - headerEnd - 4 >= length)
                    {
                        Interlocked.Increment(ref _requests);
                        if (_behavior == RawBehavior.NeverAnswer)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        if (_behavior == RawBehavior.TrickleBody)
                        {
                            var head = $"HTTP/1.1 {_status} Status\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\nTrackingID: ROUTER_TRICKLE\r\n\r\n{{";
                            await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, _stop.Token);
                            while (true)
                            {
                                await Task.Delay(1000, _stop.Token);
                                await socket.SendAsync(" "u8.ToArray(), SocketFlags.None, _stop.Token);
                            }
                        }

                        socket.LingerState = new LingerOption(true, 0); // close with RST
                        return;
                    }
                }
            }
            catch (Exception)
            {
                // The test only counts requests.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
