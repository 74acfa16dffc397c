using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>A real Kestrel app on a loopback port with the receiver mapped at /webex/calls.</summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly string _secret;

    private LoopbackReceiver(WebApplication app, HttpClient http, FakeLogCollector logs, string secret)
    {
        _secret = secret;
        App = app;
        Http = http;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>Posts a "connected" event of <paramref name="callId"/>, signed with the receiver's secret unless a signature is given.</summary>
    public async Task<HttpStatusCode> DeliverAsync(string callId, string? signature = null)
    {
        var body = System.Text.Encoding.UTF8.GetBytes($$$"""{"id":"wh-1","resource":"telephony_calls","event":"updated","data":{"eventType":"connected","eventTimestamp":"2026-11-27T12:00:00Z","callId":"{{{callId}}}","state":"connected"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "webex/calls") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-Spark-Signature", signature ?? CallEventParser.Sign(body, _secret));
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Gets the URL deliveries go to.</summary>
    public Uri Target => new(Http.BaseAddress!, "webex/calls");

    public static async Task<LoopbackReceiver> StartAsync(string secret, Func<CallEvent, CancellationToken, Task>? handler, Action<CallControl.Sdk.AspNetCore.CallEventReceiverOptions>? configure = null, Action<IServiceCollection>? configureServices = null, Action<WebApplication>? configureApp = null)
    {
        var logs = new FakeLogCollector();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddCallEventReceivers();
        builder.Logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseRouting();
        if (handler is null)
        {
            app.MapCallEvents<CallEventReceiverTests.ScopedHandler>("/webex/calls", secret);
        }
        else
        {
            app.MapCallEvents("/webex/calls", secret, handler, configure ?? (_ => { }));
        }

        configureApp?.Invoke(app);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackReceiver(app, new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") }, logs, secret);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
