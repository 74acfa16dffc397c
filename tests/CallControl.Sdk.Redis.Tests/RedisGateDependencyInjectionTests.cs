using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.Configuration;
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

    [Test]
    public async Task TheGateSettings_BindFromConfiguration_AndABadValueFailsTheStartNamingItsKey()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await CallControlSandbox.StartAsync();

        using var host = Build(redis, sandbox, new() { ["Webex:RateLimitGate:Partition"] = "front-desk", ["Webex:RateLimitGate:KeyPrefix"] = "app1:gate:", ["Webex:RateLimitGate:OperationBudget"] = "00:00:00.200" });
        await host.StartAsync();
        await host.Services.GetRequiredService<CallControlClient>().ListCallsAsync();
        var gate = (RedisRateLimitGate)host.Services.GetRequiredService<IOptionsMonitor<CallControlClientOptions>>().Get(Options.DefaultName).RateLimitGate!;
        await host.StopAsync();

        using var bad = Build(redis, sandbox, new() { ["Webex:RateLimitGate:OperationBudget"] = "fast", ["Webex:RateLimitGate:RetryInterval"] = "01:00:00" });
        var failure = await Assert.CatchAsync(() => bad.StartAsync());

        Assert.Multiple(() =>
        {
            Assert.That(gate.Key, Is.EqualTo("app1:gate:name:front-desk"));
            Assert.That(failure!.ToString(), Does.Contain("Webex:RateLimitGate:OperationBudget 'fast' is not a time span").And.Contain("RetryInterval must be between"));
        });
    }

    private static IHost Build(RedisServer redis, CallControlSandbox sandbox, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        settings["Webex:AccessToken"] = sandbox.AccessToken;
        settings["Webex:BaseAddress"] = sandbox.BaseAddress.AbsoluteUri;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Configuration));
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"))
            .AddRedisRateLimitGate(builder.Configuration.GetSection("Webex:RateLimitGate"));
        return builder.Build();
    }
}
