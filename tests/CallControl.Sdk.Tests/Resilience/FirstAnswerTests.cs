using System.Net;
using CallControl.Sdk.Internal;
using Polly;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>
/// The first attempt runs as it is; Polly's retry takes over only when that answer is to be retried, starting from it
/// (OperationExecutor.AttemptsAsync). What a caller sees must be exactly what Polly around every attempt gave.
/// </summary>
[TestFixture]
public sealed class FirstAnswerTests
{
    [Test]
    public async Task AFinalFirstAnswer_IsTheOutcome_AndThePipelineIsNeverBuilt()
    {
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler);

        var result = await executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None);

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(handler.Sent, Is.EqualTo(1));
        Assert.That(executor.Pipeline.IsValueCreated, Is.False, "no retry was needed, so no Polly pipeline was built");
    }

    [Test]
    public async Task ARetriedFirstAnswer_IsHandedToPolly_WhichDisposesItAndSendsOnce_More()
    {
        var handler = new ScriptedHandler(HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler);

        var result = await executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None);

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(handler.Sent, Is.EqualTo(2), "the first answer is replayed to Polly, never sent again by it");
        Assert.That(handler.Responses[0].Disposed, Is.True, "Polly disposes the discarded 429, as it does for any attempt");
        Assert.That(executor.Pipeline.IsValueCreated, Is.True);
    }

    [Test]
    public async Task PollyCountsTheFirstAnswerAsItsFirstAttempt_SoMaxRetryAttemptsIsUnchanged()
    {
        var handler = new ScriptedHandler(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        var (executor, transport) = Executor(handler, o => o.Retry.MaxRetryAttempts = 2);

        var ex = await Catch(executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None));

        Assert.That(ex.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That((handler.Sent, ex.Attempts), Is.EqualTo((3, 3)), "one first attempt and two retries");
    }

    [Test]
    public async Task AnAmbiguousFirstAnswerToACommand_IsFinal_AndTheOutcomeIsUnknown()
    {
        var handler = new ScriptedHandler(HttpStatusCode.BadGateway, HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler);

        var ex = await Catch(executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None));

        Assert.That((ex.StatusCode, ex.OutcomeUnknown, handler.Sent), Is.EqualTo((HttpStatusCode.BadGateway, true, 1)));
        Assert.That(executor.Pipeline.IsValueCreated, Is.False);
    }

    [Test]
    public async Task WithStrategiesOfTheCallersOwn_EveryAttemptRunsInThem_AndThePipelineIsBuiltWithTheClient()
    {
        var seen = 0;
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        var (executor, transport) = Executor(handler, o => o.Retry.ConfigurePipeline = b => b.AddStrategy(_ => new CountingStrategy(() => seen++), new CountingOptions()));
        Assert.That(executor.Pipeline.IsValueCreated, Is.True, "built with the client, so a mistake in it surfaces there");

        await executor.ExecuteAsync(transport, ApiRequest.Transfer(TransferRequest.Attended("c1", "c2")), AnswerReaders.Transfer(TransferKind.Attended), CancellationToken.None);

        Assert.That(seen, Is.EqualTo(1), "the caller's strategy saw the first (and only) attempt");
    }

    /// <summary>
    /// The pipeline is built when an answer is first retried, long after the options were checked: every retry option the
    /// SDK accepts must build (Polly validates them again), or that first retry would fail with Polly's exception.
    /// </summary>
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

        Assert.DoesNotThrow(() => _ = new OperationExecutor(snapshot).Pipeline.Value);
    }

    private static (OperationExecutor Executor, ClientTransport Transport) Executor(ScriptedHandler handler, Action<CallControlClientOptions>? configure = null)
    {
        var options = new CallControlClientOptions { AccessToken = "token" };
        options.Retry.BaseBackoff = TimeSpan.Zero;
        options.Retry.MaxBackoff = TimeSpan.Zero;
        configure?.Invoke(options);
        var http = new HttpClient(handler) { BaseAddress = new Uri("https://webexapis.com/v1/") };
        return (new OperationExecutor(options.Snapshot()), new ClientTransport(http, CallControlClient.CreateApi(http), Guarded: false, CancellationToken.None));
    }

    private static async Task<CallControlApiException> Catch(Task task)
    {
        try
        {
            await task;
        }
        catch (CallControlApiException ex)
        {
            return ex;
        }

        throw new AssertionException("no CallControlApiException");
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
