using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Ecosystem;

/// <summary>The refresh-token provider and the client's 401 handling, over real HTTP.</summary>
[TestFixture]
public sealed class TokenProviderTests
{
    internal const string ClientSecret = "client-secret-9b7c";
    internal const string RefreshToken = "refresh-token-3e1a";
    private const string TokenPath = "/v1/access_token";

    private WebexFake _fake = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _fake = new WebexFake();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown() => _fake.Dispose();

    private WebexRefreshTokenProvider Provider() => new(new WebexRefreshTokenProviderOptions
    {
        ClientId = "client-id",
        ClientSecret = ClientSecret,
        RefreshToken = RefreshToken,
        TokenEndpoint = new Uri(_fake.Server.Url + TokenPath),
        TimeProvider = _time,
    });

    private void OnRefresh(params string[] tokens)
    {
        var served = 0;
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var token = tokens[Math.Min(Interlocked.Increment(ref served) - 1, tokens.Length - 1)];
            return new Reply(200, Body: $$"""{"access_token":"{{token}}","expires_in":3600,"refresh_token":"{{RefreshToken}}","refresh_token_expires_in":7776000}""").ToMessage();
        }));
    }

    private int RefreshRequests => _fake.Requests.Count(r => r.Path == TokenPath);

    [Test]
    public async Task TwoUsersOfOneIntegration_OnOneTokenStore_NeverGetEachOthersTokens()
    {
        // A contact center: one integration (client id), one refresh token per agent, one store for the app.
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithCallback(request =>
        {
            var user = request.Body!.Contains("refresh_token=agent-a", StringComparison.Ordinal) ? "a" : "b";
            return new Reply(200, Body: $$"""{"access_token":"access-for-{{user}}","expires_in":3600,"refresh_token":"agent-{{user}}-next"}""").ToMessage();
        }));
        var store = new InMemoryTokenStore(_time);
        WebexRefreshTokenProvider Agent(string refreshToken) => new(new WebexRefreshTokenProviderOptions
        {
            ClientId = "client-id",
            ClientSecret = ClientSecret,
            RefreshToken = refreshToken,
            TokenEndpoint = new Uri(_fake.Server.Url + TokenPath),
            TimeProvider = _time,
            TokenStore = store,
        });
        using var a = Agent("agent-a");
        using var b = Agent("agent-b");

        Assert.That(await a.GetTokenAsync(default), Is.EqualTo("access-for-a"));
        Assert.That(await b.GetTokenAsync(default), Is.EqualTo("access-for-b"), "b's own token, not a's from the store");
    }

    [Test]
    public async Task GetTokenAsync_PostsTheRefreshGrantAndCachesUntilShortlyBeforeExpiry()
    {
        OnRefresh("token-1", "token-2");
        using var provider = Provider();

        Assert.That(await provider.GetTokenAsync(default), Is.EqualTo("token-1"));
        Assert.That(await provider.GetTokenAsync(default), Is.EqualTo("token-1"));
        _time.Advance(TimeSpan.FromMinutes(54));
        Assert.That(await provider.GetTokenAsync(default), Is.EqualTo("token-1"), "55 minutes left: still cached");
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await provider.GetTokenAsync(default), Is.EqualTo("token-2"), "inside the 5-minute margin: refreshed");

        Assert.That(RefreshRequests, Is.EqualTo(2));
        var request = _fake.Requests.First(r => r.Path == TokenPath);
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(WebexFake.Header(request, "Content-Type"), Does.StartWith("application/x-www-form-urlencoded"));
        Assert.That(request.Body, Is.EqualTo($"grant_type=refresh_token&client_id=client-id&client_secret={ClientSecret}&refresh_token={RefreshToken}"));
    }

    [Test]
    public async Task GetTokenAsync_HundredConcurrentCallers_CauseOneRefresh()
    {
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromMilliseconds(200)).WithBody("""{"access_token":"slow-token","expires_in":3600}"""));
        using var provider = Provider();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => provider.GetTokenAsync(default).AsTask()));

        Assert.That(tokens.Distinct().Count(), Is.EqualTo(1));
        Assert.That(RefreshRequests, Is.EqualTo(1));
        Assert.That(provider.RefreshCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Client_401WithAProvider_RefreshesOnceAndResendsOnce()
    {
        OnRefresh("stale-token", "fresh-token");
        _fake.Server.Given(Request.Create().WithPath(WebexFake.TransferPath).UsingPost().WithHeader("Authorization", "Bearer stale-token"))
            .RespondWith(Response.Create().WithStatusCode(401).WithBody("""{"message":"The request requires a valid access token"}"""));
        _fake.Server.Given(Request.Create().WithPath(WebexFake.TransferPath).UsingPost().WithHeader("Authorization", "Bearer fresh-token"))
            .RespondWith(Response.Create().WithStatusCode(204));
        using var provider = Provider();
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, TimeProvider = _time });

        var result = await client.TransferAsync(TransferRequest.Attended("a", "b"));

        var transfers = _fake.Requests.Where(r => r.Path == WebexFake.TransferPath).ToList();
        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(transfers.Select(r => WebexFake.Header(r, "Authorization")), Is.EqualTo(new[] { "Bearer stale-token", "Bearer fresh-token" }));
        Assert.That(transfers.Select(r => WebexFake.Header(r, "TrackingID")).Distinct().Count(), Is.EqualTo(1));
        Assert.That(RefreshRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task Client_401AgainAfterTheRefresh_SurfacesWithoutALoop()
    {
        OnRefresh("t1", "t2", "t3");
        _fake.OnTransfer(r => r.WithStatusCode(401));
        using var provider = Provider();
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, TimeProvider = _time });

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_fake.Requests.Count(r => r.Path == WebexFake.TransferPath), Is.EqualTo(2));
        Assert.That(RefreshRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task Client_401WithAFixedToken_IsNotRetried()
    {
        _fake.OnTransfer(r => r.WithStatusCode(401));
        using var client = _fake.CreateClient();

        await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(_fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AFailingRefresh_BacksOff_CallsInBetweenFailAtOnceSayingWhen_AndASuccessResetsIt()
    {
        var succeed = false;
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ => succeed
            ? new Reply(200, Body: """{"access_token":"good-token","expires_in":3600}""").ToMessage()
            : new Reply(400, Body: """{"error":"invalid_grant","error_description":"The refresh token is invalid, expired or already used"}""").ToMessage()));
        using var provider = Provider();

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<CallControlAuthenticationException>(() => provider.GetTokenAsync(default).AsTask());
        }

        Assert.That(RefreshRequests, Is.EqualTo(1), "the four calls after the failure did not post again");
        var waiting = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => provider.GetTokenAsync(default).AsTask());
        Assert.That(waiting!.Message, Does.Contain("failed 1 time(s) in a row; the next attempt is in 1 s").And.Contain("already used"));
        Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<CallControlAuthenticationException>(() => provider.GetTokenAsync(default).AsTask());
        Assert.That(RefreshRequests, Is.EqualTo(2), "due again after 1 s");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<CallControlAuthenticationException>(() => provider.GetTokenAsync(default).AsTask());
        Assert.That(RefreshRequests, Is.EqualTo(2), "the second failure waits 2 s");

        succeed = true;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await provider.GetTokenAsync(default), Is.EqualTo("good-token"));
        Assert.That(RefreshRequests, Is.EqualTo(3));
    }

    [Test]
    public async Task ACredentialThatCannotRefresh_PostsAtMostTenTimesInItsFirstMinute_ThenAboutOnceAMinute()
    {
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("""{"error":"invalid_grant","error_description":"The refresh token is revoked"}"""));
        using var provider = Provider();

        async Task CallsFor(TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromMilliseconds(500))
            {
                await Assert.ThrowsAsync<CallControlAuthenticationException>(() => provider.GetTokenAsync(default).AsTask());
                _time.Advance(TimeSpan.FromMilliseconds(500));
            }
        }

        await CallsFor(TimeSpan.FromMinutes(1));
        var firstMinute = RefreshRequests;
        await CallsFor(TimeSpan.FromMinutes(3));

        Assert.That(firstMinute, Is.LessThanOrEqualTo(10));
        Assert.That(RefreshRequests - firstMinute, Is.InRange(2, 4), "capped at one attempt a minute");
    }

    [TestCase(400, """{"error":"invalid_grant","error_description":"The refresh token is revoked"}""", "The refresh token is revoked")]
    [TestCase(500, "<html>oops</html>", "500")]
    [TestCase(200, """{"expires_in":3600}""", "no usable access_token")]
    [TestCase(200, "not json", "no usable access_token")]
    public async Task Client_RefreshEndpointFails_TypedErrorNothingSentNoLoop(int status, string body, string expected)
    {
        _fake.Server.Given(Request.Create().WithPath(TokenPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        _fake.OnTransfer(r => r.WithStatusCode(204));
        using var provider = Provider();
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, TimeProvider = _time });

        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.Message, Does.Contain(expected));
        Assert.That(ex.Message, Does.Not.Contain(ClientSecret).And.Not.Contain(RefreshToken));
        Assert.That(ex.OutcomeUnknown, Is.False);
        Assert.That(RefreshRequests, Is.EqualTo(1), "no refresh loop");
        Assert.That(_fake.Requests.Count(r => r.Path == WebexFake.TransferPath), Is.Zero);
    }

    [Test]
    public void Provider_ToStringAndOptions_NeverShowSecrets()
    {
        using var provider = Provider();
        var options = new WebexRefreshTokenProviderOptions { ClientId = "id", ClientSecret = ClientSecret, RefreshToken = RefreshToken };

        Assert.That(provider.ToString(), Does.Not.Contain(ClientSecret).And.Not.Contain(RefreshToken));
        Assert.That(options.ToString(), Does.Not.Contain(ClientSecret).And.Not.Contain(RefreshToken));
    }

    [Test]
    public void Provider_MissingSettings_AreListed()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new WebexRefreshTokenProvider(new WebexRefreshTokenProviderOptions()));
        Assert.That(ex!.Message, Does.Contain("ClientId").And.Contain("ClientSecret").And.Contain("RefreshToken"));
    }

    [Test]
    public void Options_TokenAndProviderTogether_AreRejected()
    {
        using var provider = Provider();
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions { AccessToken = "x", TokenProvider = provider }));
        Assert.That(ex!.Message, Does.Contain("either AccessToken or TokenProvider"));
    }
}
