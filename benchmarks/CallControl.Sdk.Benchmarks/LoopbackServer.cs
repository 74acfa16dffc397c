using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Benchmarks;

/// <summary>A Kestrel minimal API on 127.0.0.1 that answers every transfer 204: the floor for loopback measurements.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private static readonly object Gate = new();
    private static double _rate;
    private static double _burst;
    private static double _tokens;
    private static long _lastTicks;
    private static int _limited;
    private static int _served;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Connections = new();

    /// <summary>Distinct TCP connections that carried a request since the last <see cref="ResetConnections"/>.</summary>
    public static int DistinctConnections => Connections.Count;

    public static void ResetConnections() => Connections.Clear();

    /// <summary>Requests answered 429 by the token bucket, and requests served 204, since <see cref="SetRateLimit"/>.</summary>
    public static (int Limited, int Served) Counts => (Volatile.Read(ref _limited), Volatile.Read(ref _served));

    /// <summary>A token bucket of <paramref name="perSecond"/> refill and <paramref name="burst"/> size; 0 turns it off.</summary>
    public static void SetRateLimit(double perSecond, double burst)
    {
        lock (Gate)
        {
            _rate = perSecond;
            _burst = burst;
            _tokens = burst;
            _lastTicks = Stopwatch.GetTimestamp();
            _limited = 0;
            _served = 0;
        }
    }

    private static int? TakeToken()
    {
        lock (Gate)
        {
            if (_rate <= 0)
            {
                return null;
            }

            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (Stopwatch.GetElapsedTime(_lastTicks, now).TotalSeconds * _rate));
            _lastTicks = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return null;
            }

            // Webex sends whole seconds.
            return Math.Max(1, (int)Math.Ceiling((1 - _tokens) / _rate));
        }
    }

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/telephony/calls/transfer", static async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            Connections.TryAdd(context.Connection.Id, 0);
            if (TakeToken() is { } retryAfter)
            {
                Interlocked.Increment(ref _limited);
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }

            Interlocked.Increment(ref _served);
            context.Response.StatusCode = 204;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address + "/v1/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
