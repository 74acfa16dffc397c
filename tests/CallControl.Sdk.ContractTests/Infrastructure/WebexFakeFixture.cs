namespace CallControl.Sdk.ContractTests.Infrastructure;

/// <summary>A fixture with a fresh <see cref="WebexFake"/> per test (its disposal also runs the secret scan).</summary>
public abstract class WebexFakeFixture
{
    private protected WebexFake Fake { get; private set; } = null!;

    [SetUp]
    public void StartFake() => Fake = new WebexFake();

    [TearDown]
    public void StopFake() => Fake.Dispose();
}
