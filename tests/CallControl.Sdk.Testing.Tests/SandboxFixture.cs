namespace CallControl.Sdk.Testing.Tests;

/// <summary>One sandbox per fixture, reset before each test, with a client that does not retry (each test sees every answer).</summary>
public abstract class SandboxFixture
{
    private protected CallControlSandbox _sandbox = null!;
    private protected CallControlClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _sandbox = await CallControlSandbox.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _sandbox.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _sandbox.Reset();
        _client = _sandbox.CreateClient(o => o.Retry.MaxRetryAttempts = 0);
    }

    [TearDown]
    public void TearDown() => _client.Dispose();
}
