using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Internal;
using Polly;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>
/// One pipeline, built with the client, that every attempt goes through: Polly's retry around the attempt's stages
/// (credential, gate, send). Wire behaviour is tested over WireMock in the contract tests; these pin the order.
/// </summary>
[TestFixture]
public sealed class PipelineTests
{
    [Test]
    public async Task A429_IsRetriedByPolly_WhichDisposesTheDiscardedAnswer_AndSendsOnceMore()
    {
        var handler = new ScriptedHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler);

        var result = await Transfer(executor, transport);

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(handler.Sent, Is.EqualTo(2));
        Assert.That(handler.Responses[0].Disposed, Is.True, "Polly disposes the outcome it discards, and with it the 429");
    }

    [Test]
    public async Task MaxRetryAttempts_CountsRetriesAfterTheFirstAttempt()
    {
        var handler = new ScriptedHandler(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        var (executor, transport) = Executor(handler, o => o.Retry.MaxRetryAttempts = 2);

        var ex = await Catch.Async<CallControlApiException>(Transfer(executor, transport));

        Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((handler.Sent, ex.Attempts), Is.EqualTo((3, 3)), "one first attempt and two retries");
    }

    [Test]
    public async Task AnAmbiguousAnswerToACommand_IsFinal_AndTheOutcomeIsUnknown()
    {
        var handler = new ScriptedHandler(HttpStatusCode.BadGateway, HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler);

        var ex = await Catch.Async<CallControlApiException>(Transfer(executor, transport));

        Assert.That((ex.StatusCode, ex.OutcomeUnknown, handler.Sent), Is.EqualTo((HttpStatusCode.BadGateway, true, 1)));
    }

    [Test]
    public async Task StrategiesOfTheCallersOwn_AreBuiltWithTheClient_AndRunAroundEachSend()
    {
        var built = 0;
        var seen = 0;
        var handler = new ScriptedHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler, o => o.Retry.ConfigurePipeline = b =>
        {
            built++;
            b.AddStrategy(_ => new CountingStrategy(() => seen++), new CountingOptions());
        });
        Assert.That(built, Is.EqualTo(1), "built with the client, so a mistake in it surfaces there");

        await Transfer(executor, transport);

        Assert.That((built, seen), Is.EqualTo((1, 2)), "built once, run around both sends");
    }

    /// <summary>Every retry option the SDK accepts must build Polly's pipeline (Polly validates them again).</summary>
    [TestCase(0, 0, 0)]
    [TestCase(1, 0, 0)]
    [TestCase(10, 3600, 3600)]
    [TestCase(3, 0, 3600)]
    public void EveryRetryOptionTheSdkAccepts_BuildsPollysPipeline(int attempts, int baseSeconds, int maxSeconds)
    {
        var options = new CallControlClientOptions { AccessToken = "token" };
        options.Retry.MaxRetryAttempts = attempts;
        options.Retry.BaseBackoff = TimeSpan.FromSeconds(baseSeconds);
        options.Retry.MaxBackoff = TimeSpan.FromSeconds(maxSeconds);
        options.Retry.MaxRetryAfter = TimeSpan.FromDays(1);
        var snapshot = options.Snapshot();

        Assert.DoesNotThrow(() => _ = new OperationExecutor(snapshot));
    }

    [Test]
    public async Task ATokenProviderThatFails_TakesNoTurnAtTheGate_AndSendsNothing()
    {
        var gate = new CountingGate(_ => null);
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler, o =>
        {
            o.AccessToken = null;
            o.TokenProvider = new FailingProvider();
            o.RateLimitGate = gate;
        });

        var ex = await Catch.Async<CallControlAuthenticationException>(Transfer(executor, transport));

        Assert.That((gate.Reads, handler.Sent, ex.Attempts), Is.EqualTo((0, 0, 0)), "the credential comes first; a failing one costs the shared limit nothing");
    }

    [Test]
    public async Task AGateThatNeverGivesATurn_IsAskedABoundedNumberOfTimes_ThenTheCallGoes()
    {
        // A store that keeps answering "closed for a moment" (a fault, a clock that disagrees) must not make a call spin.
        var gate = new CountingGate(now => new RateLimitGateState(RateLimitPacing.RateLimited(new RateLimitGateSnapshot(null, 0, 0, null, now), TimeSpan.FromTicks(1000), TimeSpan.FromDays(1), new RateLimitPacingOptions())));
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler, o => o.RateLimitGate = gate);

        var result = await Transfer(executor, transport).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(gate.Reads, Is.EqualTo(GateStage.MaxAsks), "a bounded number of asks per send");
        Assert.That(handler.Sent, Is.EqualTo(1));
    }

    private static Task<TransferResult> Transfer(OperationExecutor executor, ClientTransport transport)
        => executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None);

    private static (OperationExecutor Executor, ClientTransport Transport) Executor(ScriptedHandler handler, Action<CallControlClientOptions>? configure = null)
    {
        var options = new CallControlClientOptions { AccessToken = "token" };
        options.Retry.BaseBackoff = TimeSpan.Zero;
        options.Retry.MaxBackoff = TimeSpan.Zero;
        configure?.Invoke(options);
        var http = new HttpClient(handler) { BaseAddress = new Uri("https://webexapis.com/v1/") };
        return (new OperationExecutor(options.Snapshot()), new ClientTransport(http, CallControlClient.CreateApi(http), Guarded: false, CancellationToken.None));
    }

    private sealed class FailingProvider : CallControlTokenProvider
    {
        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the vault is down");
    }

    /// <summary>A store whose every read holds the state <paramref name="answer"/> makes for that instant; it counts the reads and refuses writes.</summary>
    private sealed class CountingGate(Func<DateTimeOffset, RateLimitGateState?> answer) : CallControlRateLimitGate
    {
        private int _reads;

        internal int Reads => _reads;

        protected internal override ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            var now = TimeProvider.System.GetUtcNow();
            return new(new RateLimitGateSnapshot(answer(now), 1, 0, null, now));
        }

        protected internal override ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken) => new(false);

        protected internal override void CountSuccess()
        {
        }
    }

    private sealed class CountingOptions : ResilienceStrategyOptions
    {
    }

    private sealed class CountingStrategy(Action onAttempt) : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            onAttempt();
            return callback(context, state);
        }
    }
}
