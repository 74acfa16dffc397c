using System.Globalization;
using System.Net;
using CallControl.Sdk.Internal;
using Microsoft.Extensions.Time.Testing;
using Polly;

namespace CallControl.Sdk.Tests.Resilience;

/// <summary>The retry decision for each row of the case matrix in docs/resilience.md, on a fake clock.</summary>
[TestFixture]
public sealed class RetryDecisionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private CallControlRetryOptions _options = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(Start);
        _options = new CallControlRetryOptions();
    }

    [Test]
    public void Case01_RetryAfter10On429_WaitsExactly10Seconds()
        => Assert.That(Decide(Response(429, "10")), Is.EqualTo(TimeSpan.FromSeconds(10)));

    [Test]
    public void Case02_HttpDateOneDayAheadUnderATwoDayCap_WaitsTheDifferenceFromTheInjectedClock()
    {
        _options.MaxRetryAfter = TimeSpan.FromDays(2);
        Assert.That(Decide(Response(429, (Start + TimeSpan.FromDays(1)).ToString("r", CultureInfo.InvariantCulture))), Is.EqualTo(TimeSpan.FromDays(1)));
    }

    [Test]
    public void Case03_HttpDateInThePast_RetriesNow()
        => Assert.That(Decide(Response(429, (Start - TimeSpan.FromHours(1)).ToString("r", CultureInfo.InvariantCulture))), Is.EqualTo(TimeSpan.Zero));

    [TestCase("-5")]
    [TestCase("1.5")]
    [TestCase("abc")]
    [TestCase("120junk")]
    [TestCase("rand(30),add(30)")]
    public void Case04_GarbageRetryAfter_FallsBackToBackoffWithoutThrowing(string value)
        => Assert.That(Decide(Response(429, value)), Is.EqualTo(_options.BaseBackoff));

    [Test]
    public void Case05_NoRetryAfter_BacksOffExponentially_WithPollysJitter()
    {
        var state = new OperationState(ApiRequest.Query(Operation.Transfer, null), "t", null, _time.GetTimestamp(), new ClientTransport(null!, null!, Guarded: false, default));
        Assert.That(RetryPipeline.RetryAfterDelay(AttemptResult.Answered(Response(429)), state, () => 1), Is.Null, "no Retry-After: Polly's own exponential backoff with jitter");
        Assert.That(Decide(Response(429), attempt: 0), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(Decide(Response(429), attempt: 1), Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(Decide(Response(429), attempt: 2), Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(Decide(Response(429), attempt: 9), Is.EqualTo(_options.MaxBackoff));
    }

    [Test]
    public void Case06_RetryAfterZero_RetriesAtOnceWithoutJitter()
        => Assert.That(Decide(Response(429, "0"), random: 1), Is.EqualTo(TimeSpan.Zero));

    [Test]
    public void Case07_RetryAfter3600_IsNotWaitedOut()
        => Assert.That(Decide(Response(429, "3600")), Is.Null);

    [Test]
    public void Case08_RetryAfterBeyondTheRemainingBudget_IsNotWaitedOut()
        => Assert.That(Decide(Response(429, "30"), budget: TimeSpan.FromSeconds(20)), Is.Null);

    [Test]
    public void Case08_RetryAfterWithinTheRemainingBudget_IsWaitedOut()
        => Assert.That(Decide(Response(429, "10"), budget: TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(10)));

    [Test]
    public void Case09_Jitter_NeverMakesARetryEarly()
    {
        var random = new Random(1234);
        for (var i = 0; i < 1000; i++)
        {
            var delay = Decide(Response(429, "10"), random: random.NextDouble());
            Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + RetryPipeline.MaxRetryAfterJitter));
        }
    }

    [Test]
    public void Case10_TwentyConcurrent429sWithTheSameRetryAfter_AreSpreadAndNoneEarly()
    {
        var delays = Enumerable.Range(0, 20).Select(_ => Decide(Response(429, "10"), random: Random.Shared.NextDouble())!.Value).ToList();

        Assert.That(delays, Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(delays.Distinct().Count(), Is.GreaterThan(10), "a herd with one Retry-After is spread out");
    }

    [Test]
    public void Case11_HttpDate_IsMeasuredAgainstTheInjectedClockNotTheSystemClock()
    {
        // The fake clock stands in 2001, far from the machine's clock: only the injected one can give 30 s.
        _time = new FakeTimeProvider(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.That(Decide(Response(429, "Mon, 01 Jan 2001 00:00:30 GMT")), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Case12_ServerDateFiveMinutesOff_IsCorrectedForSkew()
    {
        var serverNow = Start - TimeSpan.FromMinutes(5);
        var response = Response(429, (serverNow + TimeSpan.FromSeconds(12)).ToString("r", CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("Date", serverNow.ToString("r", CultureInfo.InvariantCulture));

        Assert.That(Decide(response), Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void Case13_503WithRetryAfter_IsRetried()
        => Assert.That(Decide(Response(503, "2")), Is.EqualTo(TimeSpan.FromSeconds(2)));

    [Test]
    public void Case14_423_IsRetriedWithAndWithoutRetryAfterUnlessSwitchedOff()
    {
        Assert.That(Decide(Response(423, "3")), Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(Decide(Response(423)), Is.EqualTo(_options.BaseBackoff));
        _options.RetryOnLocked = false;
        Assert.That(Decide(Response(423, "3")), Is.Null);
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(410)]
    [TestCase(415)]
    [TestCase(428)]
    public void Case15_ClientErrors_AreNeverRetried(int status)
        => Assert.That(Decide(Response(status, "1")), Is.Null);

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    public void Case16_AmbiguousStatusForACommand_IsNeverRetried(int status)
        => Assert.That(Decide(Response(status, "1")), Is.Null);

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    public void Case16_AmbiguousStatusForAQuery_IsRetried(int status)
        => Assert.That(Decide(Response(status, "1"), operation: Operation.ListCalls), Is.EqualTo(TimeSpan.FromSeconds(1)));

    [TestCase(HttpRequestError.ResponseEnded)]
    [TestCase(HttpRequestError.InvalidResponse)]
    [TestCase(HttpRequestError.Unknown)]
    public void Case17_ConnectionLostAfterSendingACommand_IsNeverRetried(HttpRequestError error)
        => Assert.That(Decide(AttemptResult.Failed(new HttpRequestException(error, "lost"))), Is.Null);

    [TestCase(HttpRequestError.ConnectionError)]
    [TestCase(HttpRequestError.NameResolutionError)]
    public void Case18_FailureToConnect_IsRetriedEvenForACommand(HttpRequestError error)
        => Assert.That(Decide(AttemptResult.Failed(new HttpRequestException(error, "refused"))), Is.EqualTo(_options.BaseBackoff));

    [Test]
    public void Case21_Cancellation_IsNeverRetried()
    {
        Assert.That(Decide(AttemptResult.Failed(new OperationCanceledException())), Is.Null);
        Assert.That(Decide(AttemptResult.Failed(new TaskCanceledException("timeout", new TimeoutException()))), Is.Null);
    }

    private TimeSpan? Decide(HttpResponseMessage response, int attempt = 0, double random = 0, TimeSpan? budget = null, Operation? operation = null)
        => Decide(AttemptResult.Answered(response), attempt, random, budget, operation);

    private TimeSpan? Decide(AttemptResult outcome, int attempt = 0, double random = 0, TimeSpan? budget = null, Operation? operation = null)
    {
        var state = new OperationState(ApiRequest.Query(operation ?? Operation.Transfer, null), "t", budget, _time.GetTimestamp(), new ClientTransport(null!, null!, Guarded: false, default));
        if (outcome.Exception is { } exception)
        {
            // As the executor records it: the exception ended a send handed to an HttpClient without the send guard.
            state.BeginSend();
            state.EndSend(exception);
        }

        if (outcome.Response is { } response)
        {
            // As the attempt records every error answer: its Retry-After parsed once.
            state.Answered(response, RetryAfterParser.Parse(response, _time.GetUtcNow()));
        }

        // Retried: the Retry-After (plus jitter) from the delay generator, else Polly's backoff, whose value before
        // its jitter is what the decision holds against the budget.
        return RetryPipeline.ShouldRetry(outcome, attempt, state, _options, _time)
            ? RetryPipeline.RetryAfterDelay(outcome, state, () => random) ?? RetryPipeline.Backoff(attempt, _options)
            : null;
    }

    private static HttpResponseMessage Response(int status, string? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }
}
