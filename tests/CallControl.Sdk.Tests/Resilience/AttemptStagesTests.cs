using System.Net;
using CallControl.Sdk.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>The stages of one attempt (Internal/AuthStage.cs, GateStage.cs), each on its own.</summary>
[TestFixture]
public sealed class AttemptStagesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Gate_ClosedLongerThanTheCallMayWait_FailsAtOnceWithoutATimer()
    {
        var gate = new InProcessRateLimitGate(_time);
        await RateLimitPacing.RateLimitedAsync(gate, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), new RateLimitPacingOptions(), CancellationToken.None);
        var stage = new GateStage(gate, new CallControlRetryOptions(), _time, () => 0, NullLogger.Instance);

        var refused = await stage.WaitForTurnAsync(Run(budget: TimeSpan.FromSeconds(30)), CancellationToken.None);

        Assert.That(refused, Is.Not.Null);
        Assert.That((refused!.StatusCode, refused.Attempts, refused.RetryAfter), Is.EqualTo((HttpStatusCode.TooManyRequests, 0, TimeSpan.FromMinutes(5))));
    }

    [Test]
    public async Task Gate_ReportsA429sRetryAfter_CappedAtMaxRetryAfter_AndCountsSuccesses()
    {
        var gate = new InProcessRateLimitGate(_time);
        var stage = new GateStage(gate, new CallControlRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(20) }, _time, () => 0, NullLogger.Instance);
        using var ok = AttemptOutcome.Answered(Run(), new HttpResponseMessage(HttpStatusCode.NoContent), null, mayHaveActed: true);
        await stage.ReportAsync(ok, CancellationToken.None);
        Assert.That(gate.MayHold, Is.False, "a success never closes the gate");

        using var limited = AttemptOutcome.Answered(Run(), new HttpResponseMessage(HttpStatusCode.TooManyRequests), TimeSpan.FromSeconds(90), mayHaveActed: false);
        await stage.ReportAsync(limited, CancellationToken.None);

        var read = gate.Read();
        Assert.That(RateLimitPacing.ClosedFor(read), Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(read.State!.Fields.AskedUntil - read.Now.UtcTicks, Is.EqualTo(TimeSpan.FromSeconds(90).Ticks));
        Assert.That(read.Successes, Is.EqualTo(1));
    }

    [Test]
    public async Task Auth_AFixedToken_IsTheHeaderBuiltOnce_WithNoProviderToRefresh()
    {
        var stage = new AuthStage(new CallControlClientOptions { AccessToken = "fixed-token" });
        var pending = stage.AuthorizeAsync(Run(), CancellationToken.None);

        Assert.That(pending.IsCompletedSuccessfully, Is.True, "no await on the fixed-token path");
        Assert.That(await pending, Is.EqualTo(new Credential("Bearer fixed-token", null)), "a fixed token has nothing to refresh");
        Assert.That(stage.CanRefresh, Is.False);
    }

    [Test]
    public async Task Auth_AProvidersUnusableToken_IsATypedErrorThatNeverShowsIt_AndItsTokensAreRedacted()
    {
        var provider = new SequenceProvider("good-token-1", "bad token\r\nX-Injected: 1");
        var stage = new AuthStage(new CallControlClientOptions { TokenProvider = provider });
        var run = Run();

        Assert.That(await stage.AuthorizeAsync(run, CancellationToken.None), Is.EqualTo(new Credential("Bearer good-token-1", "good-token-1")));
        var ex = await Assert.ThrowsAsync<CallControlAuthenticationException>(async () => await stage.RefreshAsync(run, "good-token-1", CancellationToken.None));

        Assert.That(ex!.Message, Does.Not.Contain("bad token").And.Contain("returned a token that"));
        Assert.That(stage.Redact("the server echoed good-token-1"), Does.Not.Contain("good-token-1"));
    }

    private OperationRun Run(TimeSpan? budget = null)
        => new(ApiRequest.Query(Operation.Transfer, null), "t", budget, _time.GetTimestamp(), new ClientTransport(null!, null!, Guarded: false, default), null!);

    private sealed class SequenceProvider(params string[] tokens) : CallControlTokenProvider
    {
        private int _next;

        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(tokens[Math.Min(_next++, tokens.Length - 1)]);
    }
}
