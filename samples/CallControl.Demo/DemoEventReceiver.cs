using System.Collections.Concurrent;
using System.Net;
using CallControl.Sdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CallControl.Demo;

/// <summary>The tour's webhook receiver: a loopback Kestrel app with <c>MapCallEvents</c> feeding a <see cref="CallEventTracker"/>.</summary>
internal sealed class DemoEventReceiver : IAsyncDisposable
{
    internal const string Secret = "demo-webhook-secret";
    private readonly WebApplication _app;

    private DemoEventReceiver(WebApplication app, Uri target)
    {
        _app = app;
        Target = target;
    }

    /// <summary>Gets where the sandbox delivers events.</summary>
    public Uri Target { get; }

    /// <summary>Gets the calls' state, kept from their events.</summary>
    public CallEventTracker Tracker { get; } = new();

    /// <summary>Gets the kinds of the events received, in order.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public static async Task<DemoEventReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore().AddCallEventReceivers();
        var app = builder.Build();
        app.UseRouting();
        DemoEventReceiver? self = null;
        app.MapCallEvents("/webex/calls", Secret, (callEvent, _) =>
        {
            self!.Received.Enqueue(callEvent.EventType.ToString());
            self.Tracker.Apply(callEvent);
            return Task.CompletedTask;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new DemoEventReceiver(app, new Uri(address.TrimEnd('/') + "/webex/calls"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
