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
        => Assert.That(Decide(Response(429, value)), Is.EqualTo(PollysBackoff));

    [Test]
    public void Case05_NoRetryAfter_LeavesTheDelayToPollysBackoff()
    {
        // No Retry-After: the delay generator gives none, and Polly's own exponential backoff with jitter (capped at
        // MaxBackoff, RetryOverHttpTests.Case05) decides.
        Assert.That(Decide(Response(429)), Is.EqualTo(PollysBackoff));
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
            Assert.That(delay, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(10) + RetryPolicy.MaxRetryAfterJitter));
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
        Assert.That(Decide(Response(423)), Is.EqualTo(PollysBackoff));
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
        => Assert.That(Decide(Failed(new HttpRequestException(error, "lost"))), Is.Null);

    [TestCase(HttpRequestError.ConnectionError)]
    [TestCase(HttpRequestError.NameResolutionError)]
    public void Case18_FailureToConnect_IsRetriedEvenForACommand(HttpRequestError error)
        => Assert.That(Decide(Failed(new HttpRequestException(error, "refused"))), Is.EqualTo(PollysBackoff));

    [Test]
    public void Case21_Cancellation_IsNeverRetried()
    {
        Assert.That(Decide(Failed(new OperationCanceledException())), Is.Null);
        Assert.That(Decide(Failed(new TaskCanceledException("timeout", new TimeoutException()))), Is.Null);
    }

    /// <summary>What <see cref="Decide(AttemptOutcome, double)"/> answers when the delay is Polly's own backoff.</summary>
    private static readonly TimeSpan PollysBackoff = TimeSpan.MinValue;

    private TimeSpan? Decide(HttpResponseMessage response, double random = 0, TimeSpan? budget = null, Operation? operation = null)
    {
        // As the send records every answer: its Retry-After parsed once, and (without the send guard) an ambiguous
        // answer to a command may have acted.
        var run = Run(budget, operation);
        var outcome = AttemptOutcome.Answered(run, response, RetryAfterParser.Parse(response, _time.GetUtcNow()), run.Operation.IsCommand && ErrorMapper.IsAmbiguous(response.StatusCode));
        return Decide(outcome, random);
    }

    private TimeSpan? Decide(AttemptOutcome outcome, double random = 0)
        => RetryPolicy.ShouldRetry(outcome, _options, _time)
            ? RetryPolicy.RetryAfterDelay(outcome, () => random) ?? PollysBackoff
            : null;

    private OperationRun Run(TimeSpan? budget = null, Operation? operation = null)
        => new(ApiRequest.Query(operation ?? Operation.Transfer, null), "t", budget, _time.GetTimestamp(), new ClientTransport(null!, null!, Guarded: false, default), null!);

    /// <summary>A command's send that ended in <paramref name="exception"/> on an HttpClient without the send guard, as the send stage records it.</summary>
    private AttemptOutcome Failed(Exception exception)
        => AttemptOutcome.Failed(Run(), exception, !ErrorMapper.ProvablyNotSent(exception), ErrorMapper.TimeoutPhase.AwaitingAnswer);

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
