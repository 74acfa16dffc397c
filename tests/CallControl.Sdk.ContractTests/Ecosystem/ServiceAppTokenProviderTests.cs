using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Ecosystem;

/// <summary><see cref="WebexServiceAppTokenProvider"/> over WireMock: the first pair from the applications endpoint, then the refresh grant.</summary>
[TestFixture]
public sealed class ServiceAppTokenProviderTests
{
    private const string AppId = "app-7";
    private const string Secret = "service-app-secret-51f0";
    private const string Authorizing = "authorizing-token-a1b2";
    private const string AppTokenPath = "/v1/applications/app-7/token";
    private const string RefreshPath = "/v1/access_token";
    private WebexFake _fake = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _fake = new WebexFake();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown() => _fake.Dispose();

    [Test]
    public async Task TheFirstPairComesFromTheApplicationsEndpoint_ThenTheRefreshGrantKeepsItFresh_AndAMemberCallCarriesIt()
    {
        _fake.Server.Given(Request.Create().UsingPost().WithPath(AppTokenPath)).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""{"access_token":"app-token-1","expires_in":3600,"refresh_token":"app-refresh-1","refresh_token_expires_in":7776000,"token_type":"Bearer"}"""));
        _fake.Server.Given(Request.Create().UsingPost().WithPath(RefreshPath)).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""{"access_token":"app-token-2","expires_in":3600,"refresh_token":"app-refresh-2"}"""));
        _fake.Server.Given(Request.Create().UsingGet().WithPath("/v1/telephony/calls/members/member-1/calls")).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"items":[]}"""));
        using var provider = Provider();
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, TimeProvider = _time });

        await client.ForMember("member-1").ListCallsAsync();
        await client.ForMember("member-1").ListCallsAsync();
        _time.Advance(TimeSpan.FromMinutes(56));
        await client.ForMember("member-1").ListCallsAsync();

        var requests = _fake.Requests;
        var first = requests.Single(r => r.Path == AppTokenPath);
        Assert.That(WebexFake.Header(first, "Authorization"), Is.EqualTo("Bearer " + Authorizing));
        Assert.That(first.Body, Is.EqualTo($$"""{"clientId":"client-7","clientSecret":"{{Secret}}","targetOrgId":"org-7"}"""), "byte for byte");
        Assert.That(requests.Single(r => r.Path == RefreshPath).Body, Is.EqualTo($"grant_type=refresh_token&client_id=client-7&client_secret={Secret}&refresh_token=app-refresh-1"));
        Assert.That(requests.Where(r => r.Path.Contains("/members/", StringComparison.Ordinal)).Select(r => WebexFake.Header(r, "Authorization")),
            Is.EqualTo(new[] { "Bearer app-token-1", "Bearer app-token-1", "Bearer app-token-2" }), "cached, then refreshed inside the margin");
    }

    [Test]
    public async Task ARefusedAuthorizingToken_IsATypedErrorThatShowsNoSecret_AndNothingReachesCallControl()
    {
        _fake.Server.Given(Request.Create().UsingPost().WithPath(AppTokenPath)).RespondWith(Response.Create().WithStatusCode(401)
            .WithBody($$"""{"message":"Token {{Authorizing}} lacks spark:applications_token","trackingId":"ROUTER_9"}"""));
        using var provider = Provider();
        using var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, TimeProvider = _time });

        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => client.ForMember("member-1").ListCallsAsync());

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(ex.Message, Does.Contain("spark:applications_token").And.Not.Contain(Authorizing).And.Not.Contain(Secret));
        Assert.That(provider.ToString(), Does.Not.Contain(Authorizing).And.Not.Contain(Secret));
        Assert.That(_fake.Requests.Count(r => r.Path.StartsWith("/v1/telephony", StringComparison.Ordinal)), Is.Zero);
    }

    [Test]
    public async Task FromConfiguration_NamedClientsPerOrganization_EachGetTheirOrgsToken()
    {
        _fake.Server.Given(Request.Create().UsingPost().WithPath(AppTokenPath)).RespondWith(Response.Create().WithCallback(request =>
        {
            var org = request.Body!.Contains("\"org-a\"", StringComparison.Ordinal) ? "a" : "b";
            return new Reply(200, Body: $$"""{"access_token":"token-for-{{org}}","expires_in":3600,"refresh_token":"refresh-{{org}}"}""").ToMessage();
        }));
        _fake.Server.Given(Request.Create().UsingGet().WithPath("/v1/telephony/calls/members/member-1/calls")).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"items":[]}"""));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orgs:A:BaseAddress"] = _fake.BaseAddress.ToString(),
            ["Orgs:A:ServiceApp:ApplicationId"] = AppId,
            ["Orgs:A:ServiceApp:ClientId"] = "client-7",
            ["Orgs:A:ServiceApp:ClientSecret"] = Secret,
            ["Orgs:A:ServiceApp:TargetOrgId"] = "org-a",
            ["Orgs:A:ServiceApp:AuthorizingToken"] = Authorizing,
            ["Orgs:B:BaseAddress"] = _fake.BaseAddress.ToString(),
            ["Orgs:B:ServiceApp:ApplicationId"] = AppId,
            ["Orgs:B:ServiceApp:ClientId"] = "client-7",
            ["Orgs:B:ServiceApp:ClientSecret"] = Secret,
            ["Orgs:B:ServiceApp:TargetOrgId"] = "org-b",
            ["Orgs:B:ServiceApp:AuthorizingToken"] = Authorizing,
        });
        builder.Services.AddCallControlClient("org-a", builder.Configuration.GetSection("Orgs:A"));
        builder.Services.AddCallControlClient("org-b", builder.Configuration.GetSection("Orgs:B"));
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<ICallControlClientFactory>();

        await factory.CreateClient("org-a").ForMember("member-1").ListCallsAsync();
        await factory.CreateClient("org-b").ForMember("member-1").ListCallsAsync();

        Assert.That(_fake.Requests.Where(r => r.Path.Contains("/members/", StringComparison.Ordinal)).Select(r => WebexFake.Header(r, "Authorization")),
            Is.EqualTo(new[] { "Bearer token-for-a", "Bearer token-for-b" }));
    }

    [Test]
    public void FromConfiguration_AnIncompleteServiceApp_IsAClearError()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Webex:ServiceApp:ApplicationId"] = AppId });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<CallControlClient>());

        Assert.That(ex!.Message, Does.Contain("Webex:ServiceApp is incomplete").And.Contain("ClientSecret is required"));
    }

    [Test]
    public void MissingSettings_AreNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new WebexServiceAppTokenProvider(new WebexServiceAppTokenProviderOptions { ClientId = "c" }));

        Assert.That(ex!.Message, Does.Contain("ApplicationId is required").And.Contain("AuthorizingToken is required").And.Contain("TargetOrgId is required"));
    }

    private WebexServiceAppTokenProvider Provider() => new(new WebexServiceAppTokenProviderOptions
    {
        ApplicationId = AppId,
        ClientId = "client-7",
        ClientSecret = Secret,
        TargetOrgId = "org-7",
        AuthorizingToken = Authorizing,
        BaseAddress = _fake.BaseAddress,
        TimeProvider = _time,
    });
}
