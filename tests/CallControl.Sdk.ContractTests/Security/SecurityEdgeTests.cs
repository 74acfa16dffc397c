using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Security;

/// <summary>Ids that cannot reach another endpoint, no token over plain HTTP, and no secret echoed back into a message (docs/security.md).</summary>
[TestFixture]
public sealed class SecurityEdgeTests
{
    private WebexFake _fake = null!;

    [SetUp]
    public void SetUp() => _fake = new WebexFake();

    [TearDown]
    public void TearDown() => _fake.Dispose();

    [TestCase(".")]
    [TestCase("..")]
    [TestCase("%2e%2e")]
    [TestCase("%2E.")]
    [TestCase(".%2e")]
    [TestCase("%2e")]
    [TestCase("a\u0085b")]
    [TestCase("a\u009Bb")]
    [TestCase("a\u202Eb")]
    [TestCase("a\u200Bb")]
    public async Task GetCall_DotSegmentOrInvisibleCharacter_IsRefusedAndNothingIsSent(string callId)
    {
        using var client = _fake.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallAsync(callId));

        Assert.That(ex!.Violations.Single(), Does.Contain("callId"));
        Assert.That(_fake.Requests, Is.Empty);
    }

    [Test]
    public async Task GetCall_LoneSurrogateOrTenKilobytes_IsRefusedAndNothingIsSent()
    {
        using var client = _fake.CreateClient();

        await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallAsync("ab\uD800"));
        await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetCallAsync(new string('a', 10 * 1024)));
        Assert.That(_fake.Requests, Is.Empty);
    }

    [TestCase("a%2e%2e", "/v1/telephony/calls/a..")] // System.Uri unescapes %2e; "a.." is one segment, not a dot segment
    [TestCase("a\\..\\b", "/v1/telephony/calls/a%5C..%5Cb")]
    [TestCase("a/../b", "/v1/telephony/calls/a%2F..%2Fb")]
    [TestCase("../history", "/v1/telephony/calls/..%2Fhistory")]
    [TestCase("Y2lzY29zcGFyazovL3VzL0NBTEwvYWJj", "/v1/telephony/calls/Y2lzY29zcGFyazovL3VzL0NBTEwvYWJj")]
    public async Task GetCall_AnyOtherId_AddressesExactlyOneSegmentUnderCalls(string callId, string expectedRawPath)
    {
        _fake.Server.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(404));
        using var client = _fake.CreateClient(o => o.Retry.MaxRetryAttempts = 0);

        await Assert.ThrowsAsync<CallControlApiException>(() => client.GetCallAsync(callId));

        var url = new Uri(_fake.Requests.Single().AbsoluteUrl);
        Assert.That(url.AbsolutePath, Does.StartWith("/v1/telephony/calls/"));
        Assert.That(url.AbsolutePath["/v1/telephony/calls/".Length..], Does.Not.Contain('/'), "one segment");
        Assert.That(_fake.Requests.Single().Url, Does.EndWith(expectedRawPath[3..]).Or.EndWith(expectedRawPath));
    }

    [Test]
    public void CallerOwnedHttpClient_WithPlainHttpToARemoteHost_IsRefusedWhenTheClientIsBuilt()
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://api.example.com/v1/") };

        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(http, new CallControlClientOptions { AccessToken = WebexFake.Token }));

        Assert.That(ex!.Message, Does.Contain("HttpClient.BaseAddress").And.Contain("https"));
        Assert.That(ex.Message, Does.Not.Contain(WebexFake.Token));
    }

    [Test]
    public async Task CallerOwnedHttpClient_BaseAddressChangedToPlainHttpLater_SendsNothing()
    {
        using var http = new HttpClient { BaseAddress = _fake.BaseAddress };
        using var client = new CallControlClient(http, new CallControlClientOptions { AccessToken = WebexFake.Token });
        http.BaseAddress = new Uri("http://api.example.com/v1/"); // allowed: the HttpClient has sent nothing yet

        var ex = await Catch.Async<CallControlException>(client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex.Message, Does.Contain("was not sent").And.Contain("https"));
        Assert.That((ex.OutcomeUnknown, ex.Attempts), Is.EqualTo((false, 0)));
    }

    [Test]
    public async Task DiClient_AHandlerRewritingTheUriToPlainHttp_IsRefusedOnTheFinalRequestUri()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient(o =>
        {
            o.AccessToken = WebexFake.Token;
            o.BaseAddress = _fake.BaseAddress;
        }).AddHttpMessageHandler(() => new Rewrite(new Uri("http://api.example.com/v1/telephony/calls/transfer")));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<CallControlClient>();

        var ex = await Catch.Async<CallControlException>(client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex.Message, Does.Contain("was not sent").And.Contain("plain http"));
        Assert.That(ex.OutcomeUnknown, Is.False);
        Assert.That(_fake.Requests, Is.Empty);
    }

    [Test]
    public void DiClient_ConfigureHttpClientSettingPlainHttp_IsRefused()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCallControlClient(o => o.AccessToken = WebexFake.Token)
            .ConfigureHttpClient(h => h.BaseAddress = new Uri("http://api.example.com/v1/"));
        using var host = builder.Build();

        var ex = Assert.Throws<ArgumentException>(() => host.Services.GetRequiredService<CallControlClient>());

        Assert.That(ex!.Message, Does.Contain("https"));
    }

    [Test]
    public async Task A401BodyEchoingTheBearerToken_NeverPutsItIntoTheException()
    {
        _fake.OnTransfer(r => r.WithStatusCode(401).WithBodyAsJson(new
        {
            message = $"Rejected credentials: Bearer {WebexFake.Token}",
            errors = new[] { new { description = $"token {WebexFake.Token} is not valid", errorCode = 1 } },
        }).WithHeader("Content-Type", "application/json"));
        using var client = _fake.CreateClient(o => o.LoggerFactory = SecretScan.LoggerFactory);
        var lines = SecretScan.LinesSoFar;

        var ex = await Catch.Async<CallControlApiException>(client.TransferAsync(TransferRequest.Automatic()));

        foreach (var text in new[] { ex.Message, ex.ToString(), ex.ErrorMessage ?? string.Empty, ex.Errors.Single().Description ?? string.Empty })
        {
            Assert.That(text, Does.Not.Contain(WebexFake.Token));
        }

        Assert.That(ex.ErrorMessage, Does.Contain("Bearer [REDACTED]"));
        SecretScan.AssertNoSecretsSince(lines);
    }

    [Test]
    public async Task AProviderTokenEchoedWithoutTheBearerWord_IsRedactedToo()
    {
        const string providerToken = "provider-issued-token-77aa";
        _fake.OnTransfer(r => r.WithStatusCode(403).WithBodyAsJson(new { message = $"user of {providerToken} lacks spark:calls_write" }));
        using var client = _fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new FixedTokens(providerToken);
        });

        var ex = await Catch.Async<CallControlApiException>(client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex.Message + ex.ErrorMessage, Does.Not.Contain(providerToken).And.Contain("[REDACTED]"));
    }

    [Test]
    public async Task ATokenEndpointEchoingTheForm_NeverPutsTheClientSecretOrRefreshTokenIntoTheException()
    {
        const string tokenPath = "/v1/access_token";
        _fake.Server.Given(Request.Create().WithPath(tokenPath).UsingPost()).RespondWith(Response.Create().WithCallback(request =>
            new Reply(400, Body: $$"""{"error":"invalid_grant","error_description":"bad request: {{request.Body}}"}""").ToMessage()));
        using var provider = new WebexRefreshTokenProvider(new WebexRefreshTokenProviderOptions
        {
            ClientId = "client-id",
            ClientSecret = Ecosystem.TokenProviderTests.ClientSecret,
            RefreshToken = Ecosystem.TokenProviderTests.RefreshToken,
            TokenEndpoint = new Uri(_fake.Server.Url + tokenPath),
        });
        using var client = _fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = provider;
        });

        var ex = await Catch.Async<CallControlAuthenticationException>(client.TransferAsync(TransferRequest.Automatic()));

        var all = ex.ToString();
        Assert.That(all, Does.Contain("invalid_grant").Or.Contain("bad request"), "the endpoint's words are kept");
        Assert.That(all, Does.Not.Contain(Ecosystem.TokenProviderTests.ClientSecret).And.Not.Contain(Ecosystem.TokenProviderTests.RefreshToken));
    }

    private sealed class Rewrite(Uri to) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = to;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
