using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallControl.Sdk.ContractTests.Resilience;

/// <summary>
/// <see cref="CallControlException.OutcomeUnknown"/> is true exactly when a command's bytes may have reached the
/// server, through token failures, cancellation, disposal, limits and stalled bodies (docs/resilience.md, cases 26-40).
/// </summary>
[TestFixture]
public sealed class OutcomeTruthTests : FakeClockFixture
{
    [Test]
    public async Task Case26_TokenProviderThrows_IsAnAuthenticationErrorWithNothingSent()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        var failure = new InvalidOperationException("vault unreachable");
        using var client = Fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new ScriptedProvider(_ => throw failure);
        });

        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.OutcomeUnknown, Is.False);
            Assert.That(ex.Attempts, Is.EqualTo(0));
            Assert.That(ex.InnerException, Is.SameAs(failure));
            Assert.That(ex.TrackingId, Is.Not.Null);
            Assert.That(ex.Message, Does.Contain("Nothing was sent").And.Not.Contain("lost the connection"));
            Assert.That(Fake.Requests, Is.Empty);
        });
    }

    [TestCase("t\u00f8ken")]
    [TestCase("a b")]
    [TestCase("")]
    [TestCase("abc\r\nX-Injected: 1")]
    public async Task Case27_TokenProviderReturnsAnUnusableToken_IsAnAuthenticationErrorWithNothingSent(string token)
    {
        using var client = Fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new ScriptedProvider(_ => token);
        });

        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => client.HoldAsync(new CallRequest("c1")));

        Assert.That(ex!.OutcomeUnknown, Is.False);
        Assert.That(ex.Attempts, Is.EqualTo(0));
        Assert.That(ex.Message, Does.Contain("RFC 6750").Or.Contain("empty"));
        if (token.Length > 0)
        {
            Assert.That(ex.Message, Does.Not.Contain(token));
        }

        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task Case28_RefreshAfter401Throws_IsAnAuthenticationErrorAndTheCommandWasNotCarriedOut()
    {
        Fake.OnTransfer(r => r.WithStatusCode(401));
        var failure = new HttpRequestException("token endpoint down");
        using var client = Fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new ScriptedProvider(_ => "stale-token", refresh: _ => throw failure);
        });

        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.OutcomeUnknown, Is.False, "a 401 is not acted on");
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(ex.InnerException, Is.SameAs(failure));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case29_TokenProviderIgnoringCancellation_CannotStretchTheTimeout()
    {
        var never = new TaskCompletionSource<string>();
        using var client = Fake.CreateClient(o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new ScriptedProvider(_ => never.Task);
            o.TimeProvider = Time;
            o.Timeout = TimeSpan.FromSeconds(1);
        });

        var transfer = client.TransferAsync(TransferRequest.Automatic());
        await Time.WaitForTimersAsync(1);
        Time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<CallControlException>(() => transfer.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.Message, Does.Contain("timed out before the request was sent"));
        Assert.That(ex.OutcomeUnknown, Is.False);
        Assert.That(ex.Attempts, Is.EqualTo(0));
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task Case30_CallerCancelsWhileTheCommandIsOnTheWire_TypedCancellationWithOutcomeUnknown()
    {
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource();

        var hold = client.HoldAsync(new CallRequest("c1").WithTrackingId("cancel-30"), cts.Token);
        await Eventually.TrueAsync(() => server.Requests == 1, "the hold to reach the server");
        await cts.CancelAsync();

        var ex = await Catch.Async<OperationCanceledException>(hold);
        Assert.That(ex, Is.TypeOf<CallControlOperationCanceledException>());
        var typed = (CallControlOperationCanceledException)ex;
        Assert.Multiple(() =>
        {
            Assert.That(typed.OutcomeUnknown, Is.True);
            Assert.That(typed.TrackingId, Is.EqualTo("cancel-30"));
            Assert.That(typed.Attempts, Is.EqualTo(1));
            Assert.That(typed.CancellationToken, Is.EqualTo(cts.Token));
            Assert.That(typed.Message, Does.Contain("may have been carried out"));
        });
    }

    [Test]
    public async Task Case31_CallerCancelsWhileWaitingOutARetryAfter_TypedCancellationAndNotCarriedOut()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "30"));
        using var client = Client();
        using var cts = new CancellationTokenSource();

        var transfer = client.TransferAsync(TransferRequest.Automatic(), cts.Token);
        await Time.WaitForTimersAsync(1);
        await cts.CancelAsync();

        var ex = (CallControlOperationCanceledException)await Catch.Async<OperationCanceledException>(transfer);
        Assert.That(ex.OutcomeUnknown, Is.False);
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case32_TokenCancelledBeforeTheCall_TypedCancellationWithNothingSent()
    {
        using var client = Client();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var ex = (CallControlOperationCanceledException)await Catch.Async<OperationCanceledException>(client.HangupAsync(new CallRequest("c1"), cts.Token));

        Assert.That((ex.OutcomeUnknown, ex.Attempts), Is.EqualTo((false, 0)));
        Assert.That(ex.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task Case33_AfterDispose_EveryOperationThrowsObjectDisposedAtOnceAndSendsNothing()
    {
        Fake.OnTransfer(r => r.WithStatusCode(204));
        var client = Client();
        client.Dispose();

        Task[] calls = [client.TransferAsync(TransferRequest.Automatic()), client.ListCallsAsync(), client.GetCallAsync("c1")];

        Assert.That(calls.All(t => t.IsFaulted), Is.True, "each fails at once, before any wait");
        foreach (var call in calls)
        {
            Assert.That(await Catch.Async<Exception>(call), Is.TypeOf<ObjectDisposedException>());
        }

        Assert.That(Fake.Requests, Is.Empty);
        Assert.That(Time.TimersCreated, Is.EqualTo(0), "no backoff was started");
    }

    [Test]
    public async Task Case34_DisposeWhileCallsWaitOutARetryAfterOrWaitAtTheGate_TheyEndAtOnceWithObjectDisposed()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "30"));
        var client = Client();
        var first = client.TransferAsync(TransferRequest.Automatic());
        await Time.WaitForTimersAsync(1); // the first waits out its Retry-After; the gate is closed now
        var waiting = Enumerable.Range(0, 5).Select(_ => client.TransferAsync(TransferRequest.Automatic())).ToList();
        await Time.WaitForTimersAsync(6);

        client.Dispose();

        foreach (var call in waiting.Prepend(first))
        {
            // Bounded: these waits are on a fake clock that never moves, so only disposal can end them.
            var ex = await Catch.Async<Exception>(call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.That(ex, Is.TypeOf<ObjectDisposedException>());
        }

        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case35_DisposeWhileACommandIsOnTheWire_OutcomeUnknown()
    {
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        var client = server.CreateClient();

        var transfer = client.TransferAsync(TransferRequest.Mute("c1", "+12223334444"));
        await Eventually.TrueAsync(() => server.Requests == 1, "the transfer to reach the server");
        client.Dispose();

        var ex = await Catch.Async<CallControlException>(transfer.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex.OutcomeUnknown, Is.True);
        Assert.That(ex.Attempts, Is.EqualTo(1));
        Assert.That(ex.InnerException, Is.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Case36_DisposingTheServiceProvider_EndsWaitingCallsOfDiClients()
    {
        Fake.OnTransfer(r => r.WithStatusCode(429).WithHeader("Retry-After", "30"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddCallControlClient(o =>
        {
            o.AccessToken = WebexFake.Token;
            o.BaseAddress = Fake.BaseAddress;
        });
        var host = builder.Build();
        var client = host.Services.GetRequiredService<CallControlClient>();
        var transfer = client.TransferAsync(TransferRequest.Automatic());
        await Time.WaitForTimersAsync(2); // the budget and the Retry-After wait

        host.Dispose();

        var ex = await Catch.Async<Exception>(transfer.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex, Is.TypeOf<ObjectDisposedException>());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ListCallsAsync());
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Case37_AHugeRetryAfter_ClosesTheGateNoLongerThanMaxRetryAfter()
    {
        Fake.OnTransferSequence(new Reply(429, "8000000"), new Reply(204));
        using var client = Client(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(60));

        var first = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));
        var second = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));
        Time.Advance(TimeSpan.FromSeconds(60));
        var third = await client.TransferAsync(TransferRequest.Automatic());

        Assert.That(first!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(8000000)));
        Assert.That(second!.Message, Does.Contain("was not sent"), "within the cap the gate still refuses at once");
        Assert.That(second.Attempts, Is.EqualTo(0));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), "after the cap the call goes to the server again");
        Assert.That(Fake.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Case38_AQueryWhoseBodyStalls_IsRetriedWithinTheBudget()
    {
        using var server = new RawHttpServer(RawBehavior.TrickleBody, status: 200);
        using var client = server.CreateClient(o =>
        {
            o.TimeProvider = Time;
            o.Timeout = TimeSpan.FromSeconds(60);
            o.Retry.MaxRetryAttempts = 1;
            o.Retry.BaseBackoff = TimeSpan.Zero;
            o.Retry.MaxBackoff = TimeSpan.Zero;
            o.Retry.QueryAttemptTimeout = TimeSpan.FromSeconds(10);
        });

        var list = client.ListCallsAsync();
        await Eventually.TrueAsync(() => server.Requests == 1, "the first attempt to reach the server");
        Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => server.Requests == 2, "the stalled attempt to be retried");
        Time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Catch.Async<CallControlException>(list.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex.Message, Does.Contain("timed out").And.Contain("QueryAttemptTimeout").And.Not.Contain("before the request was sent"));
        Assert.That(ex.Attempts, Is.EqualTo(2));
        Assert.That(ex.OutcomeUnknown, Is.False);
    }

    [Test]
    public async Task Case39_AutomaticTransfer409ForAnotherCause_HasNoDivertHint()
    {
        Fake.OnTransfer(r => r.WithStatusCode(409).WithBodyAsJson(new { message = "An automatic transfer needs exactly two calls; the user has 3." }));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.Message, Does.Contain("exactly two calls").And.Not.Contain("divert"));
    }

    [TestCase(null)]
    [TestCase("Call abc is an unanswered incoming call.")]
    [TestCase("Conflict")]
    [TestCase("Conflict.")]
    public async Task Case39_Transfer409ForAnUnansweredCall_KeepsTheDivertHint(string? serverMessage)
    {
        Fake.OnTransfer(r => serverMessage is null ? r.WithStatusCode(409) : r.WithStatusCode(409).WithBodyAsJson(new { message = serverMessage }));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b")));

        Assert.That(ex!.Message, Does.Contain("divert them instead"));
    }

    /// <summary>A token provider scripted per test (it may throw, return garbage, or never complete).</summary>
    private sealed class ScriptedProvider(Func<CancellationToken, ValueTask<string>> get, Func<CancellationToken, string>? refresh = null) : CallControlTokenProvider
    {
        public ScriptedProvider(Func<CancellationToken, string> get, Func<CancellationToken, string>? refresh = null)
            : this(token => new ValueTask<string>(get(token)), refresh)
        {
        }

        public ScriptedProvider(Func<CancellationToken, Task<string>> get)
            : this(token => new ValueTask<string>(get(token)))
        {
        }

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => get(cancellationToken);

        public override ValueTask<string> RefreshTokenAsync(string rejectedToken, CancellationToken cancellationToken)
            => refresh is null ? get(cancellationToken) : new ValueTask<string>(refresh(cancellationToken));
    }
}
