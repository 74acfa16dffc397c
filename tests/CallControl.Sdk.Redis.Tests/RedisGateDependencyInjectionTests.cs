using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis.Tests;

/// <summary><c>AddCallControlClient(...).AddRedisRateLimitGate()</c> in a real generic host.</summary>
[TestFixture]
public sealed class RedisGateDependencyInjectionTests
{
    [Test]
    public async Task TheHelper_GivesEachRegistrationOneSharedGate_KeptAcrossResolutions()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await CallControlSandbox.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Configuration));
        builder.Services.AddCallControlClient(o =>
        {
            o.AccessToken = sandbox.AccessToken;
            o.BaseAddress = sandbox.BaseAddress;
        }).AddRedisRateLimitGate();
        builder.Services.AddCallControlClient("desk", o =>
        {
            o.AccessToken = sandbox.AccessToken;
            o.BaseAddress = sandbox.BaseAddress;
        }).AddRedisRateLimitGate(o => o.Partition = "front-desk");
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<CallControlClient>();
        var desk = host.Services.GetRequiredKeyedService<CallControlClient>("desk");
        await client.ListCallsAsync();
        await desk.ListCallsAsync();

        var monitor = host.Services.GetRequiredService<IOptionsMonitor<CallControlClientOptions>>();
        var gate = (RedisRateLimitGate)monitor.Get(Options.DefaultName).RateLimitGate!;
        var deskGate = (RedisRateLimitGate)monitor.Get("desk").RateLimitGate!;
        Assert.Multiple(() =>
        {
            Assert.That(monitor.Get(Options.DefaultName).RateLimitGate, Is.SameAs(gate), "one gate per registration");
            Assert.That(gate.Key, Does.StartWith("callcontrol:gate:token:"), "attached by the client, keyed by its token's hash");
            Assert.That(deskGate.Key, Is.EqualTo("callcontrol:gate:name:front-desk"));
            Assert.That(gate.IsShared && deskGate.IsShared, Is.True);
        });
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await Eventually.TrueAsync(() => (long)database.HashGet(gate.Key, "n") == 1, "the success to be counted in Redis");
        await host.StopAsync();
    }
}
