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
    public async Task TheStoresLeases_ExcludeOtherOwners_AreReleasedOnlyByTheirOwner_AndExpire()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        foreach (CallControlTokenStore store in new CallControlTokenStore[] { new InMemoryTokenStore(time), new FileTokenStore(_folder, time) })
        {
            var a = await store.TryAcquireLeaseAsync("k", "a", TimeSpan.FromSeconds(65), default);
            var b = await store.TryAcquireLeaseAsync("k", "b", TimeSpan.FromSeconds(65), default);
            var again = await store.TryAcquireLeaseAsync("k", "a", TimeSpan.FromSeconds(65), default);
            await store.ReleaseLeaseAsync("k", "b", default);
            var stillHeld = await store.TryAcquireLeaseAsync("k", "b", TimeSpan.FromSeconds(65), default);
            time.Advance(TimeSpan.FromSeconds(66));
            var expired = await store.TryAcquireLeaseAsync("k", "b", TimeSpan.FromSeconds(65), default);
            var other = await store.TryAcquireLeaseAsync("other-key", "a", TimeSpan.FromSeconds(65), default);
            Assert.That((a, b, again, stillHeld, expired, other), Is.EqualTo((true, false, true, false, true, true)), store.ToString());
        }
    }

    [Test]
    public async Task AFileStoreEntryThatIsNotOne_SaysWhatToDo_AndTheProviderStillRefreshes()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new FileTokenStore(_folder);
        await store.WriteAsync("desk-7", new StoredTokens("x", null, default), default);
        var file = Directory.GetFiles(_folder).Single();
        await File.WriteAllTextAsync(file, "{ not json");
        var problem = await Assert.ThrowsAsync<InvalidDataException>(async () => await store.ReadAsync("desk-7", default));
        using var provider = Provider(sandbox, sandbox.RefreshToken, store, key: "desk-7");
        using var client = Client(sandbox, provider);
        await client.ListCallsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(problem!.Message, Does.Contain("delete it"));
            Assert.That(File.ReadAllText(file), Does.Contain(sandbox.RefreshToken), "the refresh rewrote it");
        });
    }

    [Test]
    public async Task AStoredRefreshTokenThatWasRefused_FallsBackOnceToTheConfiguredOne()
    {
        // An operator authorized the integration again and put the new refresh token in the settings; the app names its
        // store entry itself (TokenStoreKey), so the store still holds the old one, which no longer works. (With the
        // default key a new configured token is a new entry.)
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        await store.WriteAsync("desk-7", new StoredTokens("revoked-refresh-token", null, default), default);
        using var provider = Provider(sandbox, sandbox.RefreshToken, store, key: "desk-7");
        using var client = Client(sandbox, provider);
        await client.ListCallsAsync();
        var stored = await store.ReadAsync("desk-7", default);
        Assert.That(stored!.RefreshToken, Is.EqualTo(sandbox.RefreshToken), "the working pair replaced the dead one");
    }

    [Test]
    public async Task TwoInstancesThatBothTookTheLease_BothGetATokenFromTheOneRefreshThatWorked()
    {
        // A lease taken over as it expired can leave two holders (the file store has that window): the refresh that
        // loses (400, the token was just rotated) reads the store again and takes the winner's tokens.
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new EveryoneHoldsTheLease();
        using var first = Provider(sandbox, sandbox.RefreshToken, store);
        using var second = Provider(sandbox, sandbox.RefreshToken, store);
        var tokens = await Task.WhenAll(first.GetTokenAsync(default).AsTask(), second.GetTokenAsync(default).AsTask());
        Assert.Multiple(() =>
        {
            Assert.That(tokens[1], Is.EqualTo(tokens[0]));
            Assert.That(sandbox.Requests.Count(r => r.Path == "/v1/access_token" && r.StatusCode == 200), Is.EqualTo(1));
        });
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
    public async Task InAHost_TheRegisteredStoreKeepsTheConfiguredCredential_UnderTheConfiguredKey()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        var builder = Host.CreateApplicationBuilder();
        var settings = sandbox.CreateIntegrationSettings();
        settings["Webex:TokenStoreKey"] = "reception";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        builder.Services.AddSingleton<CallControlTokenStore>(store);
        using var host = builder.Build();
        await host.Services.GetRequiredService<CallControlClient>().ListCallsAsync();
        var stored = await store.ReadAsync("reception", default);
        Assert.That(stored?.RefreshToken, Is.EqualTo(sandbox.RefreshToken), "the rotated refresh token, under Webex:TokenStoreKey");
    }

    [Test]
    public async Task DisposingAProviderThatWaitsForAnotherInstancesLease_EndsTheWaitWithObjectDisposed()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var store = new InMemoryTokenStore();
        await store.TryAcquireLeaseAsync("desk-7", "another instance", TimeSpan.FromHours(1), default);
        var provider = Provider(sandbox, sandbox.RefreshToken, store, key: "desk-7");
        var waiting = provider.GetTokenAsync(default).AsTask();

        provider.Dispose();

        Assert.That(async () => await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(sandbox.TokenRefreshCount, Is.Zero, "it never refreshed past the other instance's lease");
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

    private static WebexRefreshTokenProvider Provider(CallControlSandbox sandbox, string refreshToken, CallControlTokenStore store, string? key = null) => new(new WebexRefreshTokenProviderOptions
    {
        TokenStoreKey = key,
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

    /// <summary>A store whose lease never excludes anyone, and whose writes land while the other refresh is on the wire.</summary>
    private sealed class EveryoneHoldsTheLease : CallControlTokenStore
    {
        private readonly InMemoryTokenStore _inner = new();
        private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public override async ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken)
        {
            // Both providers find the store empty before either refreshes (each reads twice: before and after the
            // lease): they race to the token endpoint with the same refresh token.
            var read = Interlocked.Increment(ref _reads);
            if (read <= 2)
            {
                if (read == 2)
                {
                    _bothRead.TrySetResult();
                }

                await _bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                return null;
            }

            if (read <= 4)
            {
                return null;
            }

            // The loser reads again after its 400: let the winner's write land first (it is on its way).
            await _written.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return await _inner.ReadAsync(key, cancellationToken);
        }

        public override async ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken)
        {
            await _inner.WriteAsync(key, tokens, cancellationToken);
            _written.TrySetResult();
        }

        public override ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) => new(true);

        public override ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class BrokenStore : CallControlTokenStore
    {
        public override ValueTask<StoredTokens?> ReadAsync(string key, CancellationToken cancellationToken) => throw new TimeoutException("redis:6379,password=hunter2 timed out");

        public override ValueTask WriteAsync(string key, StoredTokens tokens, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");

        public override ValueTask<bool> TryAcquireLeaseAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");

        public override ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) => throw new TimeoutException("password=hunter2");
    }
}
