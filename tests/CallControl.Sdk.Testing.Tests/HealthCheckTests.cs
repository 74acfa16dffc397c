using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// <c>services.AddHealthChecks().AddCallControlChecks()</c> read as an operator's probe reads it: through ASP.NET Core's
/// health endpoint (<c>MapHealthChecks</c>) on real Kestrel, in an app with a configured client and a call event endpoint.
/// </summary>
[TestFixture]
public sealed class HealthCheckTests
{
    private const string Secret = "health-secret-7c2e";

    [Test]
    public async Task AWorkingApp_IsHealthy_WithEveryCheckNamed()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var app = await StartAsync(sandbox, sandbox.ClientSecret);
        await app.Services<CallControlClient>().ListCallsAsync();

        var (status, checks) = await ReadHealthAsync(app);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(checks.Keys, Is.EquivalentTo(new[] { "callcontrol-credentials", "callcontrol-rate-limit-gate", "callcontrol-credentials:desk", "callcontrol-rate-limit-gate:desk", "callcontrol-events" }));
            Assert.That(checks.Values.Select(c => c.Status), Has.All.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task ARefreshThatCannotWork_IsUnhealthy_AndAnUnreachableTokenEndpointDegraded()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var app = await StartAsync(sandbox, "not-the-secret", deskTokenEndpoint: "http://127.0.0.1:9/v1/access_token");
        await Assert.ThrowsAsync<CallControlAuthenticationException>(() => app.Services<CallControlClient>().ListCallsAsync());
        await Assert.ThrowsAsync<CallControlAuthenticationException>(() => app.Keyed("desk").ListCallsAsync());

        var (status, checks) = await ReadHealthAsync(app);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(checks["callcontrol-credentials"].Status, Is.EqualTo("Unhealthy"));
            Assert.That(checks["callcontrol-credentials"].Description, Does.Contain("until the credential is fixed").And.Contain("401").And.Not.Contain("not-the-secret"));
            Assert.That(checks["callcontrol-credentials:desk"].Status, Is.EqualTo("Degraded"), "unreachable may pass");
        });
    }

    [Test]
    public async Task ASharedGateOnItsLocalFallback_IsDegraded()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var gate = new SwitchableGate();
        await using var app = await StartAsync(sandbox, sandbox.ClientSecret, gate);
        await app.Services<CallControlClient>().ListCallsAsync();
        var shared = (await ReadHealthAsync(app)).Checks["callcontrol-rate-limit-gate"].Status;

        gate.Current = RateLimitGateMode.Fallback;
        var (status, checks) = await ReadHealthAsync(app);

        Assert.Multiple(() =>
        {
            Assert.That(shared, Is.EqualTo("Healthy"));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "degraded is still served by default");
            Assert.That(checks["callcontrol-rate-limit-gate"].Status, Is.EqualTo("Degraded"));
            Assert.That(checks["callcontrol-rate-limit-gate"].Description, Does.Contain("store is away"));
        });
    }

    [Test]
    public async Task TheEventQueue_IsDegradedFromHalfFull_AndUnhealthyWhenFull()
    {
        await using var sandbox = await CallControlSandbox.StartAsync();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(sandbox, sandbox.ClientSecret, handler: async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
        });

        Assert.That(await app.DeliverAsync("c1"), Is.EqualTo(HttpStatusCode.Accepted));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the worker holds c1: the queue is empty again
        Assert.That(await app.DeliverAsync("c2"), Is.EqualTo(HttpStatusCode.Accepted));
        var half = (await ReadHealthAsync(app)).Checks["callcontrol-events"];
        Assert.That(await app.DeliverAsync("c3"), Is.EqualTo(HttpStatusCode.Accepted));
        var (status, checks) = await ReadHealthAsync(app);
        release.SetResult();

        Assert.Multiple(() =>
        {
            Assert.That((half.Status, half.Description), Is.EqualTo(("Degraded", "/webex/calls holds 1 of 2 events: the handler falls behind.")));
            Assert.That(checks["callcontrol-events"].Status, Is.EqualTo("Unhealthy"));
            Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        });
    }

    private static async Task<LoopbackReceiver> StartAsync(CallControlSandbox sandbox, string clientSecret, CallControlRateLimitGate? gate = null, string? deskTokenEndpoint = null, Func<CallEvent, CancellationToken, Task>? handler = null)
        => await LoopbackReceiver.StartAsync(
            Secret,
            handler ?? ((_, _) => Task.CompletedTask),
            o => o.QueueCapacity = 2,
            services =>
            {
                var settings = sandbox.CreateIntegrationSettings().Concat(sandbox.CreateIntegrationSettings("Desk")).ToDictionary();
                settings["Webex:ClientSecret"] = clientSecret;
                settings["Desk:TokenEndpoint"] = deskTokenEndpoint ?? new Uri(sandbox.BaseAddress, "access_token").AbsoluteUri;
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
                var main = services.AddCallControlClient(configuration.GetSection("Webex"));
                if (gate is not null)
                {
                    main.ConfigureCallControlOptions((o, _) => o.RateLimitGate = gate);
                }

                services.AddHealthChecks().AddCallControlChecks("ready");
                services.AddHealthChecks().AddCallControlChecks(); // twice, as two modules of an app might: no duplicate names
                services.AddCallControlClient("desk", configuration.GetSection("Desk")); // registered after: still covered
            },
            app => app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteJsonAsync }));

    private static async Task<(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks)> ReadHealthAsync(LoopbackReceiver app)
    {
        using var response = await app.Http.GetAsync("health");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = document.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value.GetProperty("status").GetString()!, p.Value.GetProperty("description").GetString() ?? string.Empty));
        return (response.StatusCode, checks);
    }

    // What an app writes to see each check (the default writer prints only the overall status).
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    private sealed class SwitchableGate : CallControlRateLimitGate
    {
        public RateLimitGateMode Current { get; set; } = RateLimitGateMode.Shared;

        public override RateLimitGateMode Mode => Current;

        protected override ValueTask<RateLimitGateSnapshot> ReadAsync(CancellationToken cancellationToken) => new(new RateLimitGateSnapshot(null, 0, 0, null, DateTimeOffset.UtcNow));

        protected override ValueTask<bool> TryWriteAsync(RateLimitGateSnapshot read, RateLimitGateState state, CancellationToken cancellationToken) => new(true);

        protected override void CountSuccess()
        {
        }
    }
}

internal static class LoopbackReceiverServices
{
    internal static T Services<T>(this LoopbackReceiver app) where T : notnull => app.App.Services.GetRequiredService<T>();

    internal static CallControlClient Keyed(this LoopbackReceiver app, string name) => app.App.Services.GetRequiredKeyedService<CallControlClient>(name);
}
