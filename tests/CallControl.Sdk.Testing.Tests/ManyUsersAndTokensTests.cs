using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>An integration's refresh tokens end to end against the sandbox's token endpoint, and a thousand users in one process.</summary>
[TestFixture]
public sealed class ManyUsersAndTokensTests
{
    [Test]
    public async Task ReadmeRefreshConfiguration_WorksAgainstTheSandbox_AndRotatesTheRefreshToken()
    {
        var time = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = time, AccessTokenLifetime = TimeSpan.FromMinutes(30) });
        var held = sandbox.AddHeldCall();
        var consult = sandbox.AddConnectedCall();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Configuration.AddInMemoryCollection(sandbox.CreateIntegrationSettings());
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<CallControlClient>();
        var firstRefreshToken = sandbox.RefreshToken;

        await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));
        time.Advance(TimeSpan.FromMinutes(31)); // the access token expired: the provider refreshes (before, or after the 401)
        var calls = await client.ListCallsAsync();

        Assert.That(calls, Is.Empty);
        Assert.That(sandbox.TokenRefreshCount, Is.EqualTo(2));
        Assert.That(sandbox.RefreshToken, Is.Not.EqualTo(firstRefreshToken), "the refresh token rotated, and the provider used the rotated one");
        var grants = sandbox.Requests.Where(r => r.Path == "/v1/access_token").ToList();
        Assert.That(grants.Select(r => r.StatusCode), Is.EqualTo(new[] { 200, 200 }));
        Assert.That(grants[0].Body, Does.Contain("grant_type=refresh_token").And.Contain("refresh_token=" + firstRefreshToken));
        Assert.That(sandbox.Requests.Where(r => r.Path != "/v1/access_token").Select(r => r.StatusCode), Has.All.Not.EqualTo(401), "every call carried a valid token");
        await host.StopAsync();
    }

    [Test]
    public async Task WrongClientSecretOrUsedRefreshToken_IsAnAuthenticationErrorNamingTheCause()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        using var wrongSecret = new WebexRefreshTokenProvider(new WebexRefreshTokenProviderOptions
        {
            ClientId = sandbox.ClientId,
            ClientSecret = "not-the-secret",
            RefreshToken = sandbox.RefreshToken,
            TokenEndpoint = new Uri(sandbox.BaseAddress, "access_token"),
        });
        using var client = sandbox.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = wrongSecret;
        });

        var ex = await Catch.Async<CallControlAuthenticationException>(client.HoldAsync(new CallRequest("c1")));

        Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "from the token endpoint: invalid_client");
        Assert.That(ex.Message, Does.Contain("The client id or secret is wrong. Check the integration's"), "the endpoint's reason, one period, no doubled TrackingID");
        Assert.That(ex.Message.Split("TrackingID").Length, Is.EqualTo(2));
        Assert.That(ex.Message, Does.Not.Contain("not-the-secret"));
        Assert.That(sandbox.Requests.Count(r => r.Path.EndsWith("/hold", StringComparison.Ordinal)), Is.Zero);
    }

    [Test]
    public async Task AThousandUsers_ShareOneConnectionPool_AndCostLittleEach()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCallControlClient("contact-center", o =>
        {
            o.AccessToken = sandbox.AccessToken;
            o.BaseAddress = sandbox.BaseAddress;
        });
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<ICallControlClientFactory>();
        factory.CreateClient("contact-center", new FixedTokens(sandbox.AccessToken)).Dispose(); // builds the registration
        const int Users = 1_000;
        const int Concurrency = 16;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clients = Enumerable.Range(0, Users).Select(_ => factory.CreateClient("contact-center", new FixedTokens(sandbox.AccessToken))).ToList();
        var perClient = (GC.GetTotalMemory(forceFullCollection: true) - before) / Users;

        using var slots = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(clients.Select(async client =>
        {
            await slots.WaitAsync();
            try
            {
                await client.ListCallsAsync();
            }
            finally
            {
                slots.Release();
            }
        }));

        var connections = sandbox.Requests.Select(r => r.ConnectionId).Distinct().Count();
        TestContext.Out.WriteLine($"{Users} users: {perClient:N0} bytes each, {connections} connections");
        Assert.That(perClient, Is.LessThanOrEqualTo(16 * 1024), "at most 16 KB per user's client");
        Assert.That(connections, Is.LessThanOrEqualTo(Concurrency), "open connections are bounded by concurrency, not by users");
        Assert.That(sandbox.Requests, Has.Count.EqualTo(Users));
        clients.ForEach(c => c.Dispose());
        GC.KeepAlive(clients);
    }
}
