using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallControl.Sdk.ContractTests.Ecosystem;

/// <summary>A host resolves the client from DI and transfers a call over real HTTP.</summary>
[TestFixture]
public sealed class DependencyInjectionTests : WebexFakeFixture
{
    [Test]
    public async Task Host_ResolvesTheClientFromConfigurationAndTransfers()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:AccessToken"] = WebexFake.Token,
            ["Webex:BaseAddress"] = Fake.BaseAddress.ToString(),
            ["Webex:Timeout"] = "00:00:30",
            ["Webex:Retry:MaxRetryAttempts"] = "2",
        });
        var handlerRan = 0;
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"))
            .AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref handlerRan)));
        using var host = builder.Build();
        await host.StartAsync();

        var client = host.Services.GetRequiredService<CallControlClient>();
        var result = await client.TransferAsync(TransferRequest.Attended("a", "b"));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Fake.Requests.Single().Path, Is.EqualTo(WebexFake.TransferPath));
        Assert.That(WebexFake.Header(Fake.Requests.Single(), "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
        Assert.That(handlerRan, Is.EqualTo(1), "the returned builder adds the caller's own handlers");
        Assert.That(host.Services.GetRequiredService<IOptions<CallControlClientOptions>>().Value.Retry.MaxRetryAttempts, Is.EqualTo(2));
        await host.StopAsync();
    }

    [Test]
    public void Configuration_BindsThePacingSettings_AndNamesABadOne()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:AccessToken"] = WebexFake.Token,
            ["Webex:Retry:Pacing:Enabled"] = "false",
            ["Webex:Retry:Pacing:MinSuccessesToLearn"] = "25",
            ["Webex:Retry:Pacing:SafetyFactor"] = "0.9",
            ["Webex:Retry:Pacing:Lifetime"] = "00:00:30",
            ["Bad:AccessToken"] = WebexFake.Token,
            ["Bad:Retry:Pacing:BackOffFactor"] = "1.5",
        });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        builder.Services.AddCallControlClient("bad", builder.Configuration.GetSection("Bad"));
        using var host = builder.Build();

        var pacing = host.Services.GetRequiredService<IOptions<CallControlClientOptions>>().Value.Retry.Pacing;
        Assert.That((pacing.Enabled, pacing.MinSuccessesToLearn, pacing.SafetyFactor, pacing.Lifetime), Is.EqualTo((false, 25, 0.9, TimeSpan.FromSeconds(30))));
        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredKeyedService<CallControlClient>("bad"));
        Assert.That(ex!.Message, Does.Contain("Bad:Retry:Pacing:BackOffFactor must be above 0 and at most 1 (was 1.5)"));
    }

    [Test]
    public void ConfigureCallControlOptions_OnAnotherHttpClientsBuilder_IsAClearError()
    {
        var services = new ServiceCollection();
        var other = services.AddHttpClient("mine");

        var ex = Assert.Throws<ArgumentException>(() => other.ConfigureCallControlOptions((_, _) => { }));

        Assert.That(ex!.Message, Does.Contain("'mine' is not a CallControlClient's"));
    }

    [Test]
    public async Task Host_ClientsResolvedSeparately_ShareTheRateLimitGate()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "120"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient(o =>
        {
            o.AccessToken = WebexFake.Token;
            o.BaseAddress = Fake.BaseAddress;
        });
        using var host = builder.Build();

        var first = host.Services.GetRequiredService<CallControlClient>();
        var second = host.Services.GetRequiredService<CallControlClient>();
        Assert.That(first, Is.SameAs(second), "one client per registration: resolving it again costs nothing");
        await Assert.ThrowsAsync<CallControlApiException>(() => first.TransferAsync(TransferRequest.Automatic()));
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => second.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.Message, Does.Contain("was not sent"));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Host_InvalidOptions_FailAtStartWithMessagesNamingEachSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:BaseAddress"] = "http://webexapis.com/v1/",
            ["Webex:Timeout"] = "soon",
            ["Webex:Retry:MaxRetryAttempts"] = "many",
            ["Webex:Retry:RetryOnLocked"] = "perhaps",
            ["Webex:Retry:QueryAttemptTimeout"] = "00:30:00",
        });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(ex!.Failures, Has.Some.Contains("AccessToken is required"));
        Assert.That(ex.Failures, Has.Some.Contains("Webex:Timeout 'soon'"));
        Assert.That(ex.Failures, Has.Some.Contains("Webex:Retry:MaxRetryAttempts 'many'"));
        Assert.That(ex.Failures, Has.Some.Contains("Webex:Retry:RetryOnLocked 'perhaps'"));
        Assert.That(ex.Failures, Has.Some.Contains("Webex:Retry:QueryAttemptTimeout must be between 1 ms and 10 minutes").And.Some.Contains("(was 00:30:00)"));
        Assert.That(ex.Failures, Has.Some.Contains("https"));
    }

    [Test]
    public async Task Host_IntegrationCredentialsInConfiguration_UseTheRefreshProvider()
    {
        Fake.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/access_token").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"access_token":"from-refresh","expires_in":3600}"""));
        Fake.OnTransfer(r => r.WithStatusCode(204));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:ClientId"] = "client-id",
            ["Webex:ClientSecret"] = "client-secret-xyz",
            ["Webex:RefreshToken"] = "refresh-token-xyz",
            ["Webex:BaseAddress"] = Fake.BaseAddress.ToString(),
        });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        await host.Services.GetRequiredService<CallControlClient>().TransferAsync(TransferRequest.Automatic());

        var transfer = Fake.Requests.Single(r => r.Path == WebexFake.TransferPath);
        Assert.That(WebexFake.Header(transfer, "Authorization"), Is.EqualTo("Bearer from-refresh"));
        var refresh = Fake.Requests.Single(r => r.Path == "/v1/access_token");
        Assert.That(refresh.Body, Does.Contain("grant_type=refresh_token").And.Contain("refresh_token=refresh-token-xyz").And.Contain("client_id=client-id"));
    }

    private sealed class CountingHandler(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
