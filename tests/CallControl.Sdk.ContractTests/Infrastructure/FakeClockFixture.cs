namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>A fresh <see cref="WebexFake"/> and a fake clock per test, and clients on that clock with no budget (so the only timers are the waits under test).</summary>
public abstract class FakeClockFixture : WebexFakeFixture
{
    private protected WaitObservingTimeProvider Time { get; private set; } = null!;

    [SetUp]
    public void StartClock() => Time = new WaitObservingTimeProvider();

    private protected CallControlClient Client(Action<CallControlClientOptions>? configure = null) => Fake.CreateClient(o =>
    {
        o.TimeProvider = Time;
        o.Timeout = Timeout.InfiniteTimeSpan;
        configure?.Invoke(o);
    });
}
