using CallControl.Sdk.ContractTests.Infrastructure;

namespace CallControl.Sdk.Testing.Tests;

/// <summary><see cref="CallControlClient.EnsureCallWebhookAsync"/> against the sandbox: one webhook per name and target, however often and however many instances start.</summary>
[TestFixture]
public sealed class EnsureCallWebhookTests : SandboxFixture
{
    private static readonly Uri Target = new("http://127.0.0.1:9/callcontrol/events"); // nothing listens: deliveries fail

    [Test]
    public async Task EveryStart_KeepsTheOneWebhook()
    {
        using var client = _sandbox.CreateClient();

        var first = await client.EnsureCallWebhookAsync(Request());
        var second = await client.EnsureCallWebhookAsync(Request());
        var third = await client.EnsureCallWebhookAsync(Request());

        Assert.That(new[] { second.Id, third.Id }, Is.All.EqualTo(first.Id));
        Assert.That(_sandbox.Webhooks, Has.Count.EqualTo(1));
        Assert.That(_sandbox.Requests.Count(r => r.Method == "POST"), Is.EqualTo(1), "created once");
    }

    [Test]
    public async Task DuplicatesFromEarlierStarts_CollapseToTheOldest_AndOtherNamesAreLeftAlone()
    {
        using var client = _sandbox.CreateClient();
        var oldest = await client.CreateCallWebhookAsync(Request());
        await client.CreateCallWebhookAsync(Request());
        await client.CreateCallWebhookAsync(Request());
        var otherApp = await client.CreateCallWebhookAsync(new CallWebhookRequest("other-app", Target));

        var kept = await client.EnsureCallWebhookAsync(Request());

        Assert.That(kept.Id, Is.EqualTo(oldest.Id));
        Assert.That(_sandbox.Webhooks.Select(w => w.Id), Is.EquivalentTo(new[] { oldest.Id, otherApp.Id }));
    }

    [Test]
    public async Task InstancesStartingAtOnce_LeaveOneWebhook_AndAllReturnIt()
    {
        var clients = Enumerable.Range(0, 4).Select(_ => _sandbox.CreateClient()).ToList();
        try
        {
            var ensured = await Task.WhenAll(clients.Select(c => Task.Run(() => c.EnsureCallWebhookAsync(Request()))));

            Assert.That(_sandbox.Webhooks, Has.Count.EqualTo(1));
            Assert.That(ensured.Select(w => w.Id), Is.All.EqualTo(_sandbox.Webhooks.Single().Id));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task AnInactiveWebhook_IsReactivated_AndANewSecretSet()
    {
        using var client = _sandbox.CreateClient();
        var created = await client.EnsureCallWebhookAsync(Request());
        for (var i = 0; i < CallControlSandbox.FailuresBeforeInactive; i++)
        {
            _sandbox.AddConnectedCall();
        }

        await Eventually.TrueAsync(() => !_sandbox.Webhooks.Single().Active, "the sandbox to mark the failing webhook inactive");
        var ensured = await client.EnsureCallWebhookAsync(Request());

        Assert.That(ensured.Id, Is.EqualTo(created.Id));
        Assert.That(ensured.Status, Is.EqualTo(CallWebhookStatus.Active));
        Assert.That(_sandbox.Webhooks.Single().Active, Is.True);
    }

    [Test]
    public async Task AWebhookWithAnotherFilter_IsReplaced_SinceWebexCannotChangeAFilter()
    {
        using var client = _sandbox.CreateClient();
        var old = await client.CreateCallWebhookAsync(Request());

        var ensured = await client.EnsureCallWebhookAsync(new CallWebhookRequest("reception", Target) { Secret = "s3cret-value-for-hmac", Filter = "personality=originator" });

        Assert.That(ensured.Id, Is.Not.EqualTo(old.Id));
        Assert.That(_sandbox.Webhooks.Single().Filter, Is.EqualTo("personality=originator"));
    }

    private static CallWebhookRequest Request() => new("reception", Target) { Secret = "s3cret-value-for-hmac" };
}
