using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CallControl.Sdk.Redis.Tests;

/// <summary>
/// Instances sharing one refresh credential (the same <c>Webex:RefreshToken</c> in every instance's settings) over the
/// sandbox's token endpoint, which rotates the refresh token on every refresh as Webex may: through the Redis token
/// store, one instance refreshes at a time and the others take its result; a restarted instance starts from the store.
/// </summary>
[TestFixture]
public sealed class RedisTokenStoreTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2); // refreshed after half of it: a rotation a second

    [Test]
    public async Task TwoInstancesOnOneRotatingCredential_TenRotations_NoCallFails_AndARestartedInstanceCarriesOn()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { AccessTokenLifetime = Lifetime });
        var first = await StartInstanceAsync(sandbox, redis, useStore: true);
        var second = await StartInstanceAsync(sandbox, redis, useStore: true);

        var failures = new List<Exception>();
        int calls;
        using (var stop = new CancellationTokenSource())
        {
            var load = Task.WhenAll(Load(first, failures, stop.Token), Load(second, failures, stop.Token));
            await Eventually.TrueAsync(() => sandbox.TokenRefreshCount >= 10, "ten rotations of the refresh token", timeoutMs: 60_000);
            await stop.CancelAsync();
            calls = (await load).Sum();
        }

        // Restart one instance with the settings it started with: its configured refresh token was rotated out long ago.
        await StopAsync(first);
        var restarted = await StartInstanceAsync(sandbox, redis, useStore: true);
        var refreshesBefore = sandbox.TokenRefreshCount;
        for (var i = 0; i < 5; i++)
        {
            await Call(restarted, failures);
            await Call(second, failures);
        }

        await StopAsync(restarted);
        await StopAsync(second);
        Assert.Multiple(() =>
        {
            Assert.That(failures.Select(f => f.Message), Is.Empty, "no call failed");
            Assert.That(calls, Is.GreaterThan(20), "both instances kept calling through the rotations");
            Assert.That(sandbox.TokenRefreshCount - refreshesBefore, Is.LessThanOrEqualTo(2), "the restarted instance took the stored access token, not a refresh of its own");
        });
    }

    [Test]
    public async Task TwoInstancesOfAServiceApp_OneStore_TenRotations_NoMemberCallFails_AndOneFirstPair()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { AccessTokenLifetime = Lifetime });
        var app = sandbox.CreateServiceAppTokenOptions();
        var settings = new Dictionary<string, string?>
        {
            ["Webex:BaseAddress"] = sandbox.BaseAddress.AbsoluteUri,
            ["Webex:ServiceApp:ApplicationId"] = app.ApplicationId,
            ["Webex:ServiceApp:ClientId"] = app.ClientId,
            ["Webex:ServiceApp:ClientSecret"] = app.ClientSecret,
            ["Webex:ServiceApp:TargetOrgId"] = app.TargetOrgId,
            ["Webex:ServiceApp:AuthorizingToken"] = app.AuthorizingToken,
        };
        var first = await StartInstanceAsync(redis, settings);
        var second = await StartInstanceAsync(redis, settings);
        int AppRefreshes() => sandbox.Requests.Count(r => r.Path == "/v1/access_token" && r.StatusCode == 200);

        var failures = new List<Exception>();
        int calls;
        using (var stop = new CancellationTokenSource())
        {
            var load = Task.WhenAll(Load(first, failures, stop.Token, sandbox.MemberId), Load(second, failures, stop.Token, sandbox.MemberId));
            await Eventually.TrueAsync(() => AppRefreshes() >= 10, "ten rotations of the Service App's refresh token", timeoutMs: 60_000);
            await stop.CancelAsync();
            calls = (await load).Sum();
        }

        await StopAsync(first);
        await StopAsync(second);
        Assert.Multiple(() =>
        {
            Assert.That(failures.Select(f => f.Message), Is.Empty, "no member call failed");
            Assert.That(calls, Is.GreaterThan(20));
            Assert.That(sandbox.Requests.Count(r => r.Path.EndsWith("/token", StringComparison.Ordinal)), Is.EqualTo(1), "one first pair for both instances");
        });
    }

    [Test]
    public async Task WithoutAStore_TheInstanceThatDidNotRotateFails()
    {
        // The defect the store mends, kept as a test so that the sandbox keeps rotating as Webex may.
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { AccessTokenLifetime = Lifetime });
        var first = await StartInstanceAsync(sandbox, redis, useStore: false);
        var second = await StartInstanceAsync(sandbox, redis, useStore: false);
        var failures = new List<Exception>();
        await Call(first, failures);
        await Call(second, failures); // the second refresh with the configured token: already used by the first
        await StopAsync(first);
        await StopAsync(second);
        Assert.That(failures, Has.Some.InstanceOf<CallControlAuthenticationException>().With.Message.Contains("already used"));
    }

    [Test]
    public async Task TheStore_KeepsTheTokensWithoutPuttingThemInItsKeys_AndOneOwnerHoldsTheLease()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var store = new RedisTokenStore(connection);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        await store.WriteAsync("webex-integration:C1", new StoredTokens("refresh-secret", "access-secret", expires), default);
        var read = await store.ReadAsync("webex-integration:C1", default);
        var lease1 = await store.TryAcquireLeaseAsync("webex-integration:C1", "a", TimeSpan.FromSeconds(30), default);
        var lease2 = await store.TryAcquireLeaseAsync("webex-integration:C1", "b", TimeSpan.FromSeconds(30), default);
        await store.ReleaseLeaseAsync("webex-integration:C1", "b", default); // not b's: left alone
        var lease3 = await store.TryAcquireLeaseAsync("webex-integration:C1", "b", TimeSpan.FromSeconds(30), default);
        await store.ReleaseLeaseAsync("webex-integration:C1", "a", default);
        var lease4 = await store.TryAcquireLeaseAsync("webex-integration:C1", "b", TimeSpan.FromSeconds(30), default);
        var keys = string.Join(",", connection.GetServers()[0].Keys(pattern: "*"));
        Assert.Multiple(() =>
        {
            Assert.That((read?.RefreshToken, read?.AccessToken, read?.AccessTokenExpiresAt), Is.EqualTo(("refresh-secret", "access-secret", (DateTimeOffset?)expires)));
            Assert.That((lease1, lease2, lease3, lease4), Is.EqualTo((true, false, false, true)));
            Assert.That(keys, Does.Contain("callcontrol:tokens:webex-integration:C1").And.Not.Contain("secret"));
            Assert.That(read!.ToString(), Does.Not.Contain("secret"));
        });
    }

    private static Task<IHost> StartInstanceAsync(CallControlSandbox sandbox, RedisServer redis, bool useStore)
    {
        var settings = sandbox.CreateIntegrationSettings();
        settings["Webex:RefreshToken"] = "sandbox-refresh-token"; // what appsettings.json holds: never updated
        return StartInstanceAsync(redis, settings, useStore);
    }

    private static async Task<IHost> StartInstanceAsync(RedisServer redis, Dictionary<string, string?> settings, bool useStore = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        if (useStore)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Configuration));
            builder.Services.AddRedisTokenStore();
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    private static async Task<int> Load(IHost host, List<Exception> failures, CancellationToken stop, string? memberId = null)
    {
        var calls = 0;
        while (!stop.IsCancellationRequested)
        {
            await Call(host, failures, memberId);
            calls++;
            await Task.Delay(50, CancellationToken.None); // about 20 calls a second per instance
        }

        return calls;
    }

    private static async Task Call(IHost host, List<Exception> failures, string? memberId = null)
    {
        try
        {
            var client = host.Services.GetRequiredService<CallControlClient>();
            _ = memberId is null ? await client.ListCallsAsync() : await client.ForMember(memberId).ListCallsAsync();
        }
        catch (CallControlException ex)
        {
            lock (failures)
            {
                failures.Add(ex);
            }
        }
    }
}
