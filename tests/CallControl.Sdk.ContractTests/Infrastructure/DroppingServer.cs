using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>
/// A loopback TCP server that reads each whole HTTP request and then either resets the connection without
/// answering (the "connection lost after the request was sent" case) or never answers at all (a hung upstream).
/// Either way a command may have been carried out. It counts requests the moment they have fully arrived.
/// </summary>
internal sealed class DroppingServer : IDisposable
{
    private readonly bool _neverAnswer;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    internal DroppingServer(bool neverAnswer = false)
    {
        _neverAnswer = neverAnswer;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    internal Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    internal int Requests => Volatile.Read(ref _requests);

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
                        if (_neverAnswer)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
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
