using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// The shared gate's learned pace end to end: a client that emptied the sandbox's token bucket once does not empty it
/// again when its concurrent calls resume. Client and sandbox share one fake clock, so nothing here sleeps.
/// </summary>
[TestFixture]
public sealed class RateLimitPacingTests
{
    [Test]
    public async Task AfterA429_ConcurrentCallsGoAtTheLearnedPaceAndCollectNoMore429s()
    {
        var time = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = time });
        using var client = sandbox.CreateClient(o =>
        {
            o.TimeProvider = time;
            o.Timeout = TimeSpan.FromSeconds(30);
            o.Retry.MaxRetryAttempts = 5;
        });
        sandbox.SetRateLimit(requestsPerSecond: 20, burst: 20);

        // 20 calls empty the bucket; the 21st gets 429 (Retry-After: 1) and teaches the gate 20 successes per second.
        for (var i = 0; i < 20; i++)
        {
            await client.ListCallsAsync();
        }

        var timers = time.TimersCreated;
        var retried = client.ListCallsAsync();
        await time.WaitForTimersAsync(timers + 3);   // the budget, the attempt timeout and the retry's delay: the 429 was handled
        Assert.That(sandbox.RateLimitedCount, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMilliseconds(1100));     // Retry-After plus the 10 ms jitter
        await retried;

        // 30 concurrent calls: the learned burst (18, one used by the retry) goes at once, the rest one turn at a time.
        var before = sandbox.Requests.Count;
        timers = time.TimersCreated;
        var calls = Enumerable.Range(0, 30).Select(_ => client.ListCallsAsync()).ToList();
        await Eventually.TrueAsync(() => sandbox.Requests.Count - before == 17, "the burst");

        // Every call has its budget's timer, each of the 17 sent an attempt timeout, and each of the other 13 a timer
        // for its turn: once all exist, those 13 can only go when the fake clock reaches their turns.
        await time.WaitForTimersAsync(timers + 30 + 17 + 13);
        Assert.That(sandbox.Requests.Count - before, Is.EqualTo(17), "the others wait for their turn in the pace");

        for (var step = 0; step < 40 && !calls.All(c => c.IsCompleted); step++)
        {
            var sent = sandbox.Requests.Count;
            time.Advance(TimeSpan.FromMilliseconds(60));   // a bit more than one turn (1 / 19.6 s)
            await Eventually.TrueAsync(() => sandbox.Requests.Count > sent || calls.All(c => c.IsCompleted), "the next turn's call");
        }

        await Task.WhenAll(calls);
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.RateLimitedCount, Is.EqualTo(1), "no second round of 429s");
            Assert.That(sandbox.Requests.Count - before, Is.EqualTo(30));
            Assert.That(sandbox.Requests.Skip(before).Select(r => r.StatusCode), Is.All.EqualTo(200));
        });
    }

    [Test]
    public async Task AFewSuccessesTeachNoPace_WaitingCallsGoTogetherWhenTheGateOpens()
    {
        var time = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = time });
        using var client = sandbox.CreateClient(o => { o.TimeProvider = time; o.Timeout = TimeSpan.FromSeconds(30); });
        await client.ListCallsAsync();
        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "1");

        var timers = time.TimersCreated;
        var first = client.ListCallsAsync();
        await time.WaitForTimersAsync(timers + 3);   // the budget, the attempt timeout and the retry's delay: the gate is closed
        Assert.That(sandbox.Requests, Has.Count.EqualTo(2));
        var others = Enumerable.Range(0, 5).Select(_ => client.ListCallsAsync()).ToList();

        // Each has its budget's timer and a timer for the gate's instant: they can only go when the clock gets there.
        await time.WaitForTimersAsync(timers + 3 + 5 + 5);
        Assert.That(sandbox.Requests, Has.Count.EqualTo(2), "calls started after the 429 wait at the gate");

        time.Advance(TimeSpan.FromMilliseconds(1100));
        await Task.WhenAll(others.Append(first));

        Assert.That(sandbox.Requests, Has.Count.EqualTo(8));
    }
}
