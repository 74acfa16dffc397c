using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace CallControl.Sdk.Tests.Events;

[TestFixture]
public sealed class CallEventTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;
    private CallEventTracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(T0);
        _tracker = new CallEventTracker(new CallEventTrackerOptions { TimeProvider = _time, EndedCallRetention = TimeSpan.FromMinutes(5) });
    }

    private static CallEvent E(string eventType, string state, int second, string callId = "c1")
        => CallEventParser.Parse(Encoding.UTF8.GetBytes(CallEventParserTests.Event(eventType, T0.AddSeconds(second).ToString("O"), callId, state: state)), null, null);

    [Test]
    public void ALiveCallWhoseEndWasNeverSeen_IsForgottenAfterTheInactiveRetention()
    {
        var tracker = new CallEventTracker(new CallEventTrackerOptions { TimeProvider = _time, InactiveCallRetention = TimeSpan.FromHours(2) });
        tracker.Apply(E("connected", "connected", 0, "lost-end"));
        _time.Advance(TimeSpan.FromHours(1));
        tracker.Apply(E("connected", "connected", 3600, "other"));
        Assert.That(tracker.TryGetCall("lost-end", out _), Is.True, "an hour without events: still tracked");

        _time.Advance(TimeSpan.FromHours(1));
        tracker.Apply(E("held", "held", 7200, "other"));

        Assert.That(tracker.TryGetCall("lost-end", out _), Is.False, "two hours without an event: forgotten");
        Assert.That(tracker.Count, Is.EqualTo(1), "the call with recent events stays");
    }

    [Test]
    public async Task AWaitWithoutAToken_ForACallNoEventMentions_FailsWithATimeout_AndLeavesNothingBehind()
    {
        var tracker = new CallEventTracker(new CallEventTrackerOptions { TimeProvider = _time, InactiveCallRetention = TimeSpan.FromMinutes(30) });
        var wait = tracker.WaitForStateAsync("never-mentioned", CallState.Connected);

        _time.Advance(TimeSpan.FromMinutes(30));
        tracker.Sweep();

        Assert.That(wait.IsCompleted, Is.True, "the sweep ended the wait");
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => wait);
        Assert.That(ex!.Message, Does.Contain("never-mentioned").And.Contain("InactiveCallRetention"));
        Assert.That(tracker.Count, Is.Zero);
    }

    [TestCase(0.5)]
    [TestCase(7 * 24 * 60 + 1)]
    public void AnInactiveRetentionOutOfRange_IsRefused(double minutes)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CallEventTracker(new CallEventTrackerOptions { InactiveCallRetention = TimeSpan.FromMinutes(minutes) }));

    [Test]
    public void Apply_OutOfOrder_KeepsTheNewestState_AndRefusesTheOlderEvent()
    {
        Assert.That(_tracker.Apply(E("held", "held", 10)), Is.True);
        Assert.That(_tracker.Apply(E("connected", "connected", 5)), Is.False, "older than the state held");

        Assert.That(_tracker.TryGetCall("c1", out var call), Is.True);
        Assert.That(call!.State, Is.EqualTo(CallState.Held));
    }

    [Test]
    public void Apply_Duplicate_IsRefused_ButAnotherKindAtTheSameInstantIsApplied()
    {
        Assert.That(_tracker.Apply(E("answered", "connected", 5)), Is.True);
        Assert.That(_tracker.Apply(E("answered", "connected", 5)), Is.False, "same call, kind and time: a duplicate");
        Assert.That(_tracker.Apply(E("connected", "connected", 5)), Is.True, "another kind at the same instant is news");
    }

    [Test]
    public async Task WaitForState_CompletesWhenTheEventArrives_OrAtOnceWhenAlreadyThere()
    {
        var wait = _tracker.WaitForStateAsync("consult", CallState.Connected);
        _tracker.Apply(E("alerting", "alerting", 1, "consult"));
        Assert.That(wait.IsCompleted, Is.False, "alerting is not connected");
        _tracker.Apply(E("connected", "connected", 2, "consult"));

        Assert.That((await wait.WaitAsync(TimeSpan.FromSeconds(10))).State, Is.EqualTo(CallState.Connected));
        Assert.That((await _tracker.WaitForStateAsync("consult", CallState.Connected)).Id, Is.EqualTo("consult"), "already there: at once");
    }

    [Test]
    public async Task WaitForState_FaultsWhenTheCallDisconnectsFirst()
    {
        var wait = _tracker.WaitForStateAsync("consult", CallState.Connected);
        _tracker.Apply(E("disconnected", "disconnected", 3, "consult"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(ex!.Message, Does.Contain("disconnected before it reached Connected"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _tracker.WaitForStateAsync("consult", CallState.Held), "an ended call never reaches a state");
        Assert.That((await _tracker.WaitForStateAsync("consult", CallState.Disconnected)).State, Is.EqualTo(CallState.Disconnected));
    }

    [Test]
    public async Task WaitForState_Cancelled_EndsTheWait_AndLeavesNothingBehind()
    {
        using var cts = new CancellationTokenSource();
        var wait = _tracker.WaitForStateAsync("never", CallState.Connected, cts.Token);
        await cts.CancelAsync();

        var ex = await Assert.CatchAsync<OperationCanceledException>(() => wait);
        Assert.That(ex!.CancellationToken, Is.EqualTo(cts.Token));
        Assert.That(_tracker.Count, Is.Zero, "the placeholder of a call no event mentioned is gone");
    }

    [Test]
    public void EndedCalls_AreForgottenAfterTheRetention_LiveOnesAreNot()
    {
        _tracker.Apply(E("connected", "connected", 1, "live"));
        _tracker.Apply(E("disconnected", "disconnected", 1, "ended"));
        _time.Advance(TimeSpan.FromMinutes(4));
        _tracker.Sweep();
        Assert.That(_tracker.TryGetCall("ended", out _), Is.True, "within the retention a late duplicate is still recognised");
        _time.Advance(TimeSpan.FromMinutes(1));
        _tracker.Sweep();

        Assert.That(_tracker.TryGetCall("ended", out _), Is.False);
        Assert.That(_tracker.TryGetCall("live", out _), Is.True);
    }

    [Test]
    public void AnEventStorm_StaysBounded()
    {
        for (var i = 0; i < 20_000; i++)
        {
            _tracker.Apply(E("disconnected", "disconnected", i % 60, "call-" + i));
            if (i % 1_000 == 0)
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        Assert.That(_tracker.Count, Is.LessThanOrEqualTo(8_000), "at most about 1.5 retentions of ended calls are held");
    }
}
