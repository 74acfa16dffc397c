using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CallControl.Sdk.Benchmarks;

/// <summary>A Kestrel app on a free loopback port with one call event endpoint, as the harnesses' webhook target.</summary>
internal static class LoopbackReceiverApp
{
    /// <returns>The running app (dispose it) and the URL of its endpoint, for a webhook's target.</returns>
    internal static async Task<(WebApplication App, Uri Target)> StartAsync(string secret, Func<CallEvent, CancellationToken, Task> handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore().AddCallEventReceivers();
        var app = builder.Build();
        app.UseRouting();
        app.MapCallEvents("/webex/calls", secret, handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/webex/calls"));
    }
}
