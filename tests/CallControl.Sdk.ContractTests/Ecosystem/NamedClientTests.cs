using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Ecosystem;

/// <summary>Named and keyed clients, per-user clients and reload, with the real generic host and configuration providers.</summary>
[TestFixture]
public sealed class NamedClientTests
{
    private WebexFake _a = null!;
    private WebexFake _b = null!;

    [SetUp]
    public void SetUp()
    {
        _a = new WebexFake();
        _b = new WebexFake();
        _a.OnTransfer(r => r.WithStatusCode(204));
        _b.OnTransfer(r => r.WithStatusCode(204));
    }

    [TearDown]
    public void TearDown()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Test]
    public async Task TwoNames_NeverMerge_EachSendsItsOwnTokenToItsOwnAddress()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient("agent-a", o => { o.AccessToken = "token-aaaaaa"; o.BaseAddress = _a.BaseAddress; });
        builder.Services.AddCallControlClient("agent-b", o => o.AccessToken = "token-bbbbbb");
        builder.Services.AddCallControlClient("agent-b", o => o.BaseAddress = _b.BaseAddress); // a second registration configures the same name
        using var host = builder.Build();
        await host.StartAsync();

        await host.Services.GetRequiredKeyedService<CallControlClient>("agent-a").TransferAsync(TransferRequest.Automatic());
        await host.Services.GetRequiredService<ICallControlClientFactory>().CreateClient("agent-b").TransferAsync(TransferRequest.Automatic());

        Assert.That(WebexFake.Header(_a.Requests.Single(), "Authorization"), Is.EqualTo("Bearer token-aaaaaa"));
        Assert.That(WebexFake.Header(_b.Requests.Single(), "Authorization"), Is.EqualTo("Bearer token-bbbbbb"));
        await host.StopAsync();
    }

    [Test]
    public async Task FromKeyedServices_InjectsTheNamedClient_AndEveryResolutionIsTheSameInstance()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient("reception", o => { o.AccessToken = WebexFake.Token; o.BaseAddress = _a.BaseAddress; });
        builder.Services.AddSingleton<ReceptionConsole>();
        using var host = builder.Build();

        var console = host.Services.GetRequiredService<ReceptionConsole>();
        await console.Client.TransferAsync(TransferRequest.Automatic());

        Assert.That(console.Client, Is.SameAs(host.Services.GetRequiredKeyedService<CallControlClient>("reception")));
        Assert.That(console.Client, Is.SameAs(host.Services.GetRequiredService<ICallControlClientFactory>().CreateClient("reception")));
        Assert.That(_a.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void ResolvingTheClient100000Times_DoesNotGrowTheHeap()
    {
        var services = new ServiceCollection();
        services.AddCallControlClient(o => { o.AccessToken = WebexFake.Token; o.BaseAddress = _a.BaseAddress; });
        using var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredService<CallControlClient>();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 100_000; i++)
        {
            Assert.That(provider.GetRequiredService<CallControlClient>(), Is.SameAs(first));
        }

        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.That(grown, Is.LessThan(1024 * 1024), $"the heap grew by {grown:N0} bytes");
    }

    [Test]
    public void AnUnknownName_SaysHowToRegisterIt()
    {
        var services = new ServiceCollection();
        services.AddCallControlClient("known", o => o.AccessToken = WebexFake.Token);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICallControlClientFactory>().CreateClient("unknown"));

        Assert.That(ex!.Message, Does.Contain("AddCallControlClient(\"unknown\""));
    }

    [Test]
    public async Task PerUserClients_ShareTheRegistration_AndAUsers429NeverDelaysAnother()
    {
        _a.Server.Reset();
        _a.Server.Given(Request.Create().WithPath(WebexFake.TransferPath).WithHeader("Authorization", "Bearer user-a-token")).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30"));
        _a.Server.Given(Request.Create().WithPath(WebexFake.TransferPath).WithHeader("Authorization", "Bearer user-b-token")).RespondWith(Response.Create().WithStatusCode(204));
        var time = new WaitObservingTimeProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddCallControlClient("contact-center", o => { o.AccessToken = WebexFake.Token; o.BaseAddress = _a.BaseAddress; });
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<ICallControlClientFactory>();
        using var userA = factory.CreateClient("contact-center", new FixedTokens("user-a-token"));
        using var userB = factory.CreateClient("contact-center", new FixedTokens("user-b-token"));

        var a = userA.TransferAsync(TransferRequest.Automatic());
        await time.WaitForTimersAsync(2); // user A's budget, then its Retry-After wait: A got its 429 and its gate is closed
        var b = await userB.TransferAsync(TransferRequest.Automatic()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "user B went at once: the fake clock never moved");
        Assert.That(a.IsCompleted, Is.False, "user A still waits for its Retry-After");
        await Eventually.TrueAsync(() => _a.Requests.Count == 2, "WireMock to log both requests (it logs after answering)");
        Assert.That(_a.Requests.Select(r => WebexFake.Header(r, "Authorization")), Is.EquivalentTo(new[] { "Bearer user-a-token", "Bearer user-b-token" }));
        userA.Dispose();
        Assert.That(await Catch.Async<Exception>(a), Is.TypeOf<ObjectDisposedException>(), "disposing a user's client ends its calls");
        Assert.That(host.Services.GetRequiredService<ICallControlClientFactory>().CreateClient("contact-center"), Is.Not.Null, "the registration lives on");
    }

    /// <summary>
    /// Per-user clients share the registration's retry pipeline, built when an answer is first retried. Each user's
    /// first answer is a 429 with a body, on a registration limited to one connection: Polly takes over from that
    /// answer, disposes it (which frees the one connection) and sends once more. A second registration is untouched.
    /// </summary>
    [Test]
    public async Task PerUserClients_AFirstAnswerOf429_IsRetriedThroughTheSharedPipeline_OnOneConnection()
    {
        _a.Server.Reset();
        var limited = new Reply(429, RetryAfter: "0", Body: """{"message":"Too many requests.","trackingId":"ROUTER_1"}""");
        _a.OnTransferSequence(limited, new Reply(204), limited, new Reply(204));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient("contact-center", o => { o.AccessToken = WebexFake.Token; o.BaseAddress = _a.BaseAddress; })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = 1, AllowAutoRedirect = false });
        builder.Services.AddCallControlClient("reception", o => { o.AccessToken = WebexFake.Token; o.BaseAddress = _b.BaseAddress; });
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<ICallControlClientFactory>();
        using var userA = factory.CreateClient("contact-center", new FixedTokens("user-a-token"));
        using var userB = factory.CreateClient("contact-center", new FixedTokens("user-b-token"));

        var a = await userA.TransferAsync(TransferRequest.Automatic().WithTrackingId("user-a-1")).WaitAsync(TimeSpan.FromSeconds(10));
        var b = await userB.TransferAsync(TransferRequest.Automatic().WithTrackingId("user-b-1")).WaitAsync(TimeSpan.FromSeconds(10));
        var reception = await factory.CreateClient("reception").TransferAsync(TransferRequest.Automatic());

        Assert.That((a.StatusCode, b.StatusCode, reception.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NoContent)));
        await Eventually.TrueAsync(() => _a.Requests.Count == 4, "WireMock to log every request (it logs after answering)");
        Assert.That(_a.Requests.Select(r => (WebexFake.Header(r, "Authorization"), WebexFake.Header(r, "TrackingID"))), Is.EqualTo(new[]
        {
            ("Bearer user-a-token", "user-a-1"), ("Bearer user-a-token", "user-a-1"),
            ("Bearer user-b-token", "user-b-1"), ("Bearer user-b-token", "user-b-1"),
        }));
        Assert.That(_a.Requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same bytes on every attempt");
        Assert.That(_b.Requests, Has.Count.EqualTo(1), "the other registration sent once, with no retry");
        await host.StopAsync();
    }

    [Test]
    public async Task ChangedJsonFile_AppliesTheNewTokenToTheNextCall_WithoutRestart()
    {
        var folder = Directory.CreateTempSubdirectory("callcontrol-reload-");
        try
        {
            var file = Path.Combine(folder.FullName, "appsettings.json");
            await File.WriteAllTextAsync(file, Settings("token-before"));
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            builder.Services.AddCallControlClient("agent", builder.Configuration.GetSection("Webex"));
            using var host = builder.Build();
            await host.StartAsync();
            var client = host.Services.GetRequiredKeyedService<CallControlClient>("agent");
            await client.TransferAsync(TransferRequest.Automatic());

            await File.WriteAllTextAsync(file, Settings("token-after"));
            var monitor = host.Services.GetRequiredService<IOptionsMonitor<CallControlClientOptions>>();
            await Eventually.TrueAsync(() => monitor.Get("agent").AccessToken == "token-after", "the file change to reach IOptionsMonitor");
            await Eventually.TrueAsync(() => client.TransferAsync(TransferRequest.Automatic()).GetAwaiter().GetResult() is not null && WebexFake.Header(_a.Requests[^1], "Authorization") == "Bearer token-after", "the next call to use the new token");

            Assert.That(WebexFake.Header(_a.Requests[0], "Authorization"), Is.EqualTo("Bearer token-before"));
            Assert.That(client, Is.SameAs(host.Services.GetRequiredKeyedService<CallControlClient>("agent")), "the same client, no restart");
            await host.StopAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        string Settings(string token) => $$"""{ "Webex": { "AccessToken": "{{token}}", "BaseAddress": "{{_a.BaseAddress}}", "Timeout": "00:00:20" } }""";
    }

    [TestCase("\"Timeout\": \"soon\"", "Webex:Timeout")]
    [TestCase("\"Timeout\": \"-00:00:01\"", "Webex:Timeout")]
    [TestCase("\"Retry\": { \"MaxRetryAttempts\": 99 }", "Webex:Retry:MaxRetryAttempts")]
    public async Task AnInvalidReloadedValue_IsLoggedNamingItsKey_AndTheClientKeepsItsSettings(string invalid, string key)
    {
        var folder = Directory.CreateTempSubdirectory("callcontrol-reload-");
        try
        {
            var file = Path.Combine(folder.FullName, "appsettings.json");
            await File.WriteAllTextAsync(file, Settings("\"Timeout\": \"00:00:20\""));
            var logs = new FakeLogCollector();
            var builder = Host.CreateApplicationBuilder();
            // What an operator keeps on: the calls' category at Warning, the client's lifecycle at Information.
            builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs))
                .AddFilter("CallControl.Sdk", LogLevel.Warning).AddFilter("CallControl.Sdk.Lifecycle", LogLevel.Information);
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            builder.Services.AddCallControlClient("agent", builder.Configuration.GetSection("Webex"));
            using var host = builder.Build();
            await host.StartAsync();
            var client = host.Services.GetRequiredKeyedService<CallControlClient>("agent");
            await client.TransferAsync(TransferRequest.Automatic());

            await File.WriteAllTextAsync(file, Settings(invalid));
            await Eventually.TrueAsync(() => logs.GetSnapshot().Any(r => r.Id.Id == 11), "the invalid reload to be logged");
            await client.TransferAsync(TransferRequest.Automatic());

            var line = logs.GetSnapshot().First(r => r.Id.Id == 11);
            Assert.That(line.Level, Is.EqualTo(LogLevel.Error));
            Assert.That(line.Message, Does.Contain("'agent'").And.Contain(key));
            Assert.That(line.Category, Is.EqualTo("CallControl.Sdk.Lifecycle"));
            Assert.That(_a.Requests, Has.Count.EqualTo(2), "the client still works with its previous settings");
            await host.StopAsync();
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        string Settings(string extra) => $$"""{ "Webex": { "AccessToken": "token", "BaseAddress": "{{_a.BaseAddress}}", {{extra}} } }""";
    }

    [Test]
    public async Task AccessTokenInOneSourceAndRefreshTokenInAnother_FailsAtStartNamingBothKeys()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Webex:AccessToken"] = "from-appsettings" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:ClientId"] = "id",
            ["Webex:ClientSecret"] = "secret-value-123",
            ["Webex:RefreshToken"] = "refresh-value-123",
        });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(ex!.Message, Does.Contain("Webex:AccessToken and Webex:RefreshToken are both set"));
        Assert.That(ex.Message, Does.Not.Contain("secret-value-123").And.Not.Contain("refresh-value-123").And.Not.Contain("from-appsettings"));
    }

    [Test]
    public async Task ConfiguredRefresh_GoesThroughTheFactoryClient_AndLogAndExceptionAgree()
    {
        const string tokenPath = "/v1/access_token";
        _a.Server.Given(Request.Create().WithPath(tokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithBodyAsJson(new { error = "invalid_grant", error_description = "The refresh token is invalid." }).WithHeader("TrackingID", "ROUTER_TOKEN_1"));
        var logs = new FakeLogCollector();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webex:ClientId"] = "client-id",
            ["Webex:ClientSecret"] = TokenProviderTests.ClientSecret,
            ["Webex:RefreshToken"] = TokenProviderTests.RefreshToken,
            ["Webex:BaseAddress"] = _a.BaseAddress.ToString(),
        });
        var viaFactory = 0;
        builder.Services.ConfigureHttpClientDefaults(h => h.AddHttpMessageHandler(() => new Counting(() => Interlocked.Increment(ref viaFactory))));
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        var ex = await Catch.Async<CallControlAuthenticationException>(host.Services.GetRequiredService<CallControlClient>().TransferAsync(TransferRequest.Automatic().WithTrackingId("op-1")));

        Assert.That(viaFactory, Is.EqualTo(1), "the refresh went through an IHttpClientFactory client (the host's handlers ran)");
        Assert.That((ex.StatusCode, ex.Attempts, ex.TrackingId), Is.EqualTo(((HttpStatusCode?)HttpStatusCode.BadRequest, 0, "op-1")));
        var records = logs.GetSnapshot();
        var failed = records.Single(r => r.Id.Id == 4);
        Assert.That(failed.Message, Does.Contain("after 0 attempt(s)").And.Contain("op-1"), "the log line agrees with the exception");
        Assert.That(records.Single(r => r.Id.Id == 13).Message, Does.Contain("ROUTER_TOKEN_1").And.Contain("400"));
        foreach (var record in records)
        {
            Assert.That(record.Message, Does.Not.Contain(TokenProviderTests.ClientSecret).And.Not.Contain(TokenProviderTests.RefreshToken));
        }
    }

    private sealed class Counting(Action onSend) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/access_token", StringComparison.Ordinal))
            {
                onSend();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class ReceptionConsole([FromKeyedServices("reception")] CallControlClient client)
    {
        public CallControlClient Client { get; } = client;
    }
}
