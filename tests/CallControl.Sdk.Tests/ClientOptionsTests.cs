namespace CallControl.Sdk.Tests;

[TestFixture]
public sealed class ClientOptionsTests
{
    private const string Secret = "super-secret-token-value";

    [Test]
    public void Constructor_NoToken_SaysWhichSettingIsMissing()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions()));
        Assert.That(ex!.Message, Does.Contain("AccessToken is required"));
    }

    [Test]
    public void Constructor_PlainHttpToARemoteHost_IsRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions { AccessToken = Secret, BaseAddress = new Uri("http://webexapis.com/v1/") }));
        Assert.That(ex!.Message, Does.Contain("https"));
        Assert.That(ex.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void Constructor_PlainHttpToLoopback_IsAllowed()
    {
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = Secret, BaseAddress = new Uri("http://127.0.0.1:5000/v1/") });
        Assert.That(client, Is.Not.Null);
    }

    [TestCase(0)]
    [TestCase(-5)]
    [TestCase(3_600_000)]
    public void QueryAttemptTimeout_OutOfRange_IsRejected(int milliseconds)
    {
        var options = new CallControlClientOptions { AccessToken = "x", Retry = { QueryAttemptTimeout = TimeSpan.FromMilliseconds(milliseconds) } };

        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(options));

        Assert.That(ex!.Message, Does.Contain("Retry.QueryAttemptTimeout must be between 1 ms and 10 minutes"));
    }

    [Test]
    public void QueryAttemptTimeout_InfiniteOrDefault_IsAccepted()
    {
        Assert.That(new CallControlRetryOptions().QueryAttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = "x", Retry = { QueryAttemptTimeout = Timeout.InfiniteTimeSpan } });
    }

    [TestCase(60 * 24 * 60)]
    [TestCase(int.MaxValue)]
    public void Timeout_LongerThanADay_IsRejectedNamingTheOption(int minutes)
    {
        var options = new CallControlClientOptions { AccessToken = "x", Timeout = TimeSpan.FromMinutes(minutes) };

        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(options));

        Assert.That(ex!.Message, Does.Contain("Timeout must be positive and at most 1 day"));
    }

    [Test]
    public void Timeout_MaxValue_IsRejectedRatherThanFailingEveryCall()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions { AccessToken = "x", Timeout = TimeSpan.MaxValue }));
        Assert.That(ex!.Message, Does.Contain("Timeout must be positive and at most 1 day"));
    }

    [Test]
    public void MaxRetryAfter_MaxValue_IsRejectedNamingTheOption()
    {
        var options = new CallControlClientOptions { AccessToken = "x", Timeout = Timeout.InfiniteTimeSpan, Retry = { MaxRetryAfter = TimeSpan.MaxValue } };

        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(options));

        Assert.That(ex!.Message, Does.Contain("Retry.MaxRetryAfter must be between 0 and 1 day"));
    }

    [Test]
    public void Bounds_ExactlyOneDay_AreAccepted()
    {
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = "x", Timeout = TimeSpan.FromDays(1), Retry = { MaxRetryAfter = TimeSpan.FromDays(1) } });
        Assert.That(client, Is.Not.Null);
    }

    [TestCase("a b", "RFC 6750")]
    [TestCase("t\u00f8ken", "RFC 6750")]
    [TestCase("abc=def", "padding")]
    [TestCase("=", "padding")]
    public void AccessToken_NotAnRfc6750BearerToken_IsRejectedWithoutEchoingIt(string token, string why)
    {
        token = System.Text.RegularExpressions.Regex.Unescape(token);
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions { AccessToken = token }));

        Assert.That(ex!.Message, Does.Contain("AccessToken").And.Contain(why));
        if (token.Length > 1)
        {
            Assert.That(ex.Message, Does.Not.Contain(token));
        }
    }

    [TestCase("ZDI3MGEyYzQtNmFlNS00NDNhLWFlNzAtZGVjMjE3YjM1ZGRiM2Y3NTM4YjEtNjFl_P0A1_a1b2c3d4")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")]
    [TestCase("abc+/~-._==")]
    public void AccessToken_Rfc6750BearerTokens_AreAccepted(string token)
    {
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = token });
        Assert.That(client, Is.Not.Null);
    }

    [Test]
    public void Constructor_SeveralBadSettings_ListsThemAll()
    {
        var options = new CallControlClientOptions
        {
            AccessToken = "x",
            Timeout = TimeSpan.FromSeconds(-1),
            Retry = { MaxRetryAttempts = 99, MaxRetryAfter = TimeSpan.FromSeconds(-1), BaseBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(1) },
        };

        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(options));

        Assert.That(ex!.Message, Does.Contain("Timeout").And.Contain("MaxRetryAttempts").And.Contain("MaxRetryAfter").And.Contain("MaxBackoff"));
    }

    [Test]
    public void Constructor_TokenWithANewline_IsRefusedWithoutEchoingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new CallControlClient(new CallControlClientOptions { AccessToken = Secret + "\n" }));
        Assert.That(ex!.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public void ToString_NeverShowsTheToken()
    {
        var options = new CallControlClientOptions { AccessToken = Secret };
        Assert.That(options.ToString(), Does.Not.Contain(Secret).And.Contain("redacted"));
    }

    [Test]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new CallControlClientOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.BaseAddress, Is.EqualTo(new Uri("https://webexapis.com/v1/")));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(100)));
            Assert.That(options.Retry.MaxRetryAttempts, Is.EqualTo(3));
            Assert.That(options.Retry.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.Retry.RetryOnLocked, Is.True);
            Assert.That(options.Retry.UseSharedRateLimitGate, Is.True);
            Assert.That(options.TimeProvider, Is.SameAs(TimeProvider.System));
        });
    }


    [Test]
    public async Task MockingClient_OverridesTransferAsync()
    {
        var mock = new FakeClient();
        var result = await mock.TransferAsync(TransferRequest.Automatic());
        Assert.That(result.Kind, Is.EqualTo(TransferKind.Automatic));
    }

    [Test]
    public void MockingClient_NotOverridden_ThrowsAClearError()
    {
        using var bare = new BareClient();
        var ex = Assert.Throws<InvalidOperationException>(() => bare.TransferAsync(TransferRequest.Automatic()));
        Assert.That(ex!.Message, Does.Contain("mocking"));
    }

    private sealed class FakeClient : CallControlClient
    {
        public override Task<TransferResult> TransferAsync(TransferRequest request, CancellationToken cancellationToken = default)
            => Task.FromResult(new TransferResult(request.Kind, System.Net.HttpStatusCode.NoContent, null, null, "fake"));
    }

    private sealed class BareClient : CallControlClient
    {
    }
}
