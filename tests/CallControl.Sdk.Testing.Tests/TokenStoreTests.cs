using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The token store with the sandbox's rotating token endpoint: restarts, an operator's new token, Service Apps, a failing store.</summary>
[TestFixture]
public sealed class TokenStoreTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("callcontrol-tokens-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task AFileStore_LetsAProcessRestartAfterARotation_FromTheStoredPairWithoutARefresh()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var configured = sandbox.RefreshToken;
        using (var before = Provider(sandbox, configured, new FileTokenStore(_folder)))
        using (var client = Client(sandbox, before))
        {
            await client.ListCallsAsync(); // refreshes: the configured refresh token is rotated out
        }

        Assert.That(sandbox.RefreshToken, Is.Not.EqualTo(configured), "the sandbox rotated it");
        using var after = Provider(sandbox, configured, new FileTokenStore(_folder)); // a new process, the same appsettings.json
        using var restarted = Client(sandbox, after);
        await restarted.ListCallsAsync();
        var file = Directory.GetFiles(_folder).Single();
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.TokenRefreshCount, Is.EqualTo(1), "the restarted process used the stored access token");
            Assert.That(File.ReadAllText(file), Does.Contain(sandbox.RefreshToken), "the rotated refresh token is stored");
            Assert.That(Path.GetFileName(file), Does.Not.Contain(sandbox.ClientId), "the file is named by a hash of the key");
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "only the owner reads it");
            }
        });
    }

    [Test]
    public async Task AStoredRefreshTokenThatWasRefused_FallsBackOnceToTheConfiguredOne()
    {
        // An operator authorized the integration again and put the new refresh token in the settings; the store still
        // holds one that no longer works.
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        await store.WriteAsync("webex-integration:" + sandbox.ClientId, new StoredTokens("revoked-refresh-token", null, default), default);
        using var provider = Provider(sandbox, sandbox.RefreshToken, store);
        using var client = Client(sandbox, provider);
        await client.ListCallsAsync();
        var stored = await store.ReadAsync("webex-integration:" + sandbox.ClientId, default);
        Assert.That(stored!.RefreshToken, Is.EqualTo(sandbox.RefreshToken), "the working pair replaced the dead one");
    }

    [Test]
    public async Task AServiceAppWhoseStoredRefreshTokenDied_GetsANewFirstPair()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        var options = sandbox.CreateServiceAppTokenOptions();
        options.TokenStore = store;
        var key = $"webex-service-app:{options.ApplicationId}:{options.TargetOrgId}";
        await store.WriteAsync(key, new StoredTokens("dead-app-refresh-token", null, default), default);
        using var provider = new WebexServiceAppTokenProvider(options);
        var token = await provider.GetTokenAsync(default);
        var stored = await store.ReadAsync(key, default);
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Requests.Select(r => (r.Path, r.StatusCode)), Is.EqualTo(new[] { ("/v1/access_token", 400), ($"/v1/applications/{options.ApplicationId}/token", 200) }));
            Assert.That(stored!.AccessToken, Is.EqualTo(token));
        });
    }

    [Test]
    public async Task TwoServiceAppProvidersOnOneStore_AskTheApplicationsEndpointOnce()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        var options = sandbox.CreateServiceAppTokenOptions();
        options.TokenStore = store;
        using var first = new WebexServiceAppTokenProvider(options);
        using var second = new WebexServiceAppTokenProvider(options);
        var tokens = await Task.WhenAll(first.GetTokenAsync(default).AsTask(), second.GetTokenAsync(default).AsTask());
        Assert.Multiple(() =>
        {
            Assert.That(tokens[1], Is.EqualTo(tokens[0]), "the second took the first's pair from the store");
            Assert.That(sandbox.Requests.Count(r => r.Path.EndsWith("/token", StringComparison.Ordinal)), Is.EqualTo(1), "one first pair for both");
        });
    }

    [Test]
    public async Task AStoreThatThrows_NeverFailsACall_AndIsLoggedByTypeOnly()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddFakeLogging();
        builder.Configuration.AddInMemoryCollection(sandbox.CreateIntegrationSettings());
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        builder.Services.AddSingleton<CallControlTokenStore, BrokenStore>();
        using var host = builder.Build();
        await host.Services.GetRequiredService<CallControlClient>().ListCallsAsync();
        var lines = host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 17 && r.Category == "CallControl.Sdk.Lifecycle").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty);
            Assert.That(lines.Select(l => l.Message), Has.All.Contains("TimeoutException").And.All.Not.Contains("password"));
        });
    }

    private static WebexRefreshTokenProvider Provider(CallControlSandbox sandbox, string refreshToken, CallControlTokenStore store) => new(new WebexRefreshTokenProviderOptions
    {
        ClientId = sandbox.ClientId,
        ClientSecret = sandbox.ClientSecret,
        RefreshToken = refreshToken,
        TokenEndpoint = new Uri(sandbox.BaseAddress, "access_token"),
        TokenStore = store,
    });

    private static CallControlClient Client(CallControlSandbox sandbox, CallControlTokenProvider tokens) => sandbox.CreateClient(o =>
    {
        o.AccessToken = null;
        o.TokenProvider = tokens;
    });

    private sealed class BrokenStore : CallControlTokenStore
    {
        public override ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken) => throw new TimeoutException("redis:6379,password=hunter2 timed out");

        public override ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");

        public override ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");

        public override ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");
    }
}
