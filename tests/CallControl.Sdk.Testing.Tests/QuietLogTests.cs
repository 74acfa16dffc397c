using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// Logs an operator can keep on at Information: calls that succeed, and waits at the rate-limit gate, write Debug lines
/// only; a failure still writes its Warning.
/// </summary>
[TestFixture]
public sealed class QuietLogTests
{
    [Test]
    public async Task SuccessesAndGateWaits_WriteNothingAtInformation_AFailureWritesItsWarning()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Information));
        await using var sandbox = await CallControlSandbox.StartAsync();
        using var client = sandbox.CreateClient(o => o.LoggerFactory = loggerFactory);
        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "1");

        for (var i = 0; i < 20; i++)
        {
            await client.ListCallsAsync();  // the first waits out the 429, at the gate and in the retry
        }

        var sdkLines = logs.GetSnapshot().Where(r => r.Category == "CallControl.Sdk").ToList();
        Assert.That(sdkLines.Where(r => r.Level == LogLevel.Information).Select(r => r.Message), Is.Empty, "no Information line per success or per gate wait");

        await Assert.ThrowsAsync<CallControlApiException>(() => client.HoldAsync(new CallRequest("no-such-call")));
        Assert.That(logs.GetSnapshot().Count(r => r.Category == "CallControl.Sdk" && r.Level == LogLevel.Warning && r.Id.Id == 4), Is.EqualTo(1), "the failure's Warning");
    }

    [Test]
    public async Task AnAppFromConfiguration_AtTenCallsASecond_WritesAtMostOneInformationLineASecond()
    {
        // The app an operator runs: a generic host with the default Information level, a client from configuration
        // (an integration: one token refresh), steady calls. Every category counts, the framework's included.
        await using var sandbox = await CallControlSandbox.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Information);
        builder.Configuration.AddInMemoryCollection(sandbox.CreateIntegrationSettings());
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex"));
        using var host = builder.Build();
        await host.StartAsync();
        var logs = host.Services.GetFakeLogCollector();
        var client = host.Services.GetRequiredService<CallControlClient>();
        logs.Clear();

        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 30; i++)
        {
            await client.ListCallsAsync();
            await Task.Delay(100); // about 10 calls a second
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        var information = logs.GetSnapshot().Where(r => r.Level == LogLevel.Information).Select(r => $"{r.Category}: {r.Message}").ToList();
        await host.StopAsync();
        Assert.That(information, Has.Count.LessThanOrEqualTo((int)seconds), string.Join("\n", information));
        Assert.That(information, Has.Count.EqualTo(1).And.One.Contains("Refreshed the Webex access token"), "the one lifecycle line");
    }
}
