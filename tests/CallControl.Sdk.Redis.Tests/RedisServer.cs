using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallControl.Sdk.Redis.Tests;

/// <summary>
/// A real redis-server, started as a child process on a free loopback port, with no persistence. It can be killed
/// and started again on the same port (the fault tests). Installed by .ci/run (apt-get install redis-server).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server that keeps reconnecting when it goes away.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000";

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts the server again on the same port (after <see cref="KillAsync"/>) and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        var binary = Find() ?? throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (.ci/run installs it).");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Environment.TickCount64 + 10_000;
        while (!await AnswersAsync().ConfigureAwait(false))
        {
            if (_process.HasExited || Environment.TickCount64 > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer within 10 s (exited: {_process.HasExited}).");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server (SIGKILL: no goodbye to its clients) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends one command in RESP and returns the raw first line of the answer (for admin commands such as CLIENT PAUSE).</summary>
    public async Task<string> CommandAsync(params string[] parts)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
        var stream = tcp.GetStream();
        var request = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString())).ConfigureAwait(false);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, read).Split("\r\n")[0];
    }

    public async ValueTask DisposeAsync() => await KillAsync().ConfigureAwait(false);

    private async Task<bool> AnswersAsync()
    {
        try
        {
            return await CommandAsync("PING").ConfigureAwait(false) == "+PONG";
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
