using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Ecosystem;

/// <summary>Log lines, spans and metrics: what they say, and that no secret ever appears in them.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ObservabilityTests
{
    private WebexFake _fake = null!;
    private FakeLogCollector _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _fake = new WebexFake();
        _logs = new FakeLogCollector();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Trace));
    }

    [TearDown]
    public void TearDown()
    {
        _loggerFactory.Dispose();
        _fake.Dispose();
    }

    [Test]
    public async Task EveryScenario_NoSecretInAnyLogLineMessageOrToString()
    {
        var seen = new List<string>();
        async Task Run(Func<Task<object?>> scenario)
        {
            try
            {
                seen.Add((await scenario())?.ToString() ?? string.Empty);
            }
            catch (Exception ex)
            {
                seen.Add(ex.ToString());
            }
        }

        _fake.Server.Given(Request.Create().WithPath("/v1/access_token").UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            new Reply(200, Body: """{"access_token":"refreshed-access-token-77","expires_in":3600}""").ToMessage()));
        var served = 0;
        _fake.Server.Given(Request.Create().WithPath(WebexFake.TransferPath).UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
            (Interlocked.Increment(ref served) switch
            {
                1 => new Reply(204),
                2 => new Reply(429, "0"),
                3 => new Reply(201, Body: """{"callId":"c","callSessionId":"s"}"""),
                4 => new Reply(500, Body: """{"message":"boom"}"""),
                5 => new Reply(401),
                6 => new Reply(204),
                7 => new Reply(201, Body: "<html>"),
                _ => new Reply(409, Body: """{"message":"unanswered"}"""),
            }).ToMessage()));

        using (var client = _fake.CreateClient(o => o.LoggerFactory = _loggerFactory))
        {
            await Run(async () => await client.TransferAsync(TransferRequest.Attended("a", "b")));
            await Run(async () => await client.TransferAsync(TransferRequest.Mute("a", "1234")));
            await Run(async () => await client.TransferAsync(TransferRequest.Attended("a", "b")));
        }

        using (var provider = new WebexRefreshTokenProvider(new WebexRefreshTokenProviderOptions
        {
            ClientId = "cid",
            ClientSecret = TokenProviderTests.ClientSecret,
            RefreshToken = TokenProviderTests.RefreshToken,
            TokenEndpoint = new Uri(_fake.Server.Url + "/v1/access_token"),
        }))
        using (var client = new CallControlClient(new CallControlClientOptions { TokenProvider = provider, BaseAddress = _fake.BaseAddress, LoggerFactory = _loggerFactory }))
        {
            seen.Add(provider.ToString());
            await Run(async () => await client.TransferAsync(TransferRequest.Automatic()));
            await Run(async () => await client.TransferAsync(TransferRequest.Mute("a", "1234")));
            await Run(async () => await client.TransferAsync(TransferRequest.Automatic()));
        }

        // Through IHttpClientFactory too, with its own handlers' loggers brought back (the SDK removes them), which log
        // requests and headers at Trace.
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Webex:AccessToken"] = WebexFake.Token, ["Webex:BaseAddress"] = _fake.BaseAddress.ToString() });
        builder.Services.AddCallControlClient(builder.Configuration.GetSection("Webex")).AddDefaultLogger();
        using (var host = builder.Build())
        {
            await Run(async () => await host.Services.GetRequiredService<CallControlClient>().TransferAsync(TransferRequest.Automatic()));
            seen.Add(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CallControlClientOptions>>().Value.ToString());
        }

        var lines = _logs.GetSnapshot().Select(r => $"{r.Category} {r.Id} {r.Message} {r.Exception}").ToList();
        Assert.That(lines, Has.Count.GreaterThan(20), "the scenarios were logged");
        Assert.That(served, Is.GreaterThanOrEqualTo(8), "every scripted answer was used");
        foreach (var secret in new[] { WebexFake.Token, TokenProviderTests.ClientSecret, TokenProviderTests.RefreshToken, "refreshed-access-token-77" })
        {
            Assert.That(lines.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a log line shows {secret}");
            Assert.That(seen.Where(l => l.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a message or ToString shows {secret}");
        }
    }

    [Test]
    public async Task Logs_NameTheOperationStatusAttemptsAndTrackingIdWithDocumentedEventIds()
    {
        _fake.OnTransferSequence(new Reply(429, "0"), new Reply(204));
        using var client = _fake.CreateClient(o => o.LoggerFactory = _loggerFactory);

        var result = await client.TransferAsync(TransferRequest.Automatic().WithTrackingId("log-test-1"));

        var records = _logs.GetSnapshot().Where(r => r.Category == "CallControl.Sdk").ToList();
        Assert.That(records.Select(r => r.Id.Id), Is.EqualTo(new[] { 1, 3, 1, 2 }), "sending, retrying, sending, succeeded");
        var retry = records.Single(r => r.Id.Id == 3);
        Assert.That(retry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(retry.Message, Does.Contain("429").And.Contain("log-test-1").And.Contain("transfer"));
        var done = records.Last();
        Assert.That(done.Message, Does.Contain("204").And.Contain("2 attempt(s)"));
        Assert.That(result.TrackingId, Is.EqualTo("log-test-1"));
    }

    [Test]
    public async Task CreatedWithoutReadableIds_IsASuccessWithALoggedWarning()
    {
        _fake.OnTransfer(r => r.WithStatusCode(201).WithBody("<html>created</html>"));
        using var client = _fake.CreateClient(o => o.LoggerFactory = _loggerFactory);

        var result = await client.TransferAsync(TransferRequest.Mute("a", "1234").WithTrackingId("created-no-ids"));

        Assert.That(result.CallId, Is.Null);
        var warning = _logs.GetSnapshot().Single(r => r.Id.Id == 7);
        Assert.That(warning.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning.Message, Does.Contain("created-no-ids").And.Contain("it happened").And.Contain("201"));
    }

    [Test]
    public async Task Telemetry_OneSpanPerOperationAndDurationAttemptsAndDelayInstruments()
    {
        _fake.OnTransferSequence(new Reply(429, "0"), new Reply(500));
        using var telemetry = new TelemetryCapture();
        var activities = telemetry.Activities;
        var measurements = telemetry.Measurements;
        using var client = _fake.CreateClient();

        await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Attended("a", "b").WithTrackingId("span-test")));

        var span = activities.Single(a => (string?)a.GetTagItem("callcontrol.tracking_id") == "span-test");
        Assert.Multiple(() =>
        {
            Assert.That(span.OperationName, Is.EqualTo("CallControl transfer"));
            Assert.That(span.Kind, Is.EqualTo(ActivityKind.Internal), "the logical operation; the HttpClient's attempt spans are the Client spans");
            Assert.That(span.GetTagItem("callcontrol.operation"), Is.EqualTo("transfer"));
            Assert.That(span.GetTagItem("callcontrol.attempts"), Is.EqualTo(2));
            Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(500));
            Assert.That(span.GetTagItem("callcontrol.outcome_unknown"), Is.EqualTo(true));
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(measurements.Where(m => m.Name == CallControlTelemetry.OperationDuration), Has.Exactly(1).Matches<(string, double Value, Dictionary<string, object?> Tags)>(m => (string?)m.Tags["callcontrol.outcome"] == "unknown"));
            Assert.That(measurements.Single(m => m.Name == CallControlTelemetry.OperationAttempts).Value, Is.EqualTo(2));
            Assert.That(measurements.Single(m => m.Name == CallControlTelemetry.RetryDelay).Tags["callcontrol.retry.reason"], Is.EqualTo("429"));
        });
    }

    [Test]
    public async Task Span_ForACancelledOperation_IsNotAnErrorAndHasNoEmptyTags()
    {
        using var server = new RawHttpServer(RawBehavior.NeverAnswer);
        using var telemetry = new TelemetryCapture();
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource();

        var hold = client.HoldAsync(new CallRequest("c1").WithTrackingId("cancel-span"), cts.Token);
        await Eventually.TrueAsync(() => server.Requests == 1, "the hold to reach the server");
        await cts.CancelAsync();
        await Catch.Async<OperationCanceledException>(hold);

        var span = telemetry.Activities.Single(a => (string?)a.GetTagItem("callcontrol.tracking_id") == "cancel-span");
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset), "cancellation is not an error");
        Assert.That(span.GetTagItem("callcontrol.outcome"), Is.EqualTo("cancelled_unknown"));
        Assert.That(span.TagObjects.Where(t => t.Value is null || (t.Value is string text && text.Length == 0)), Is.Empty, "no empty tags");
        var recorded = telemetry.Measurements.Single(m => m.Name == CallControlTelemetry.OperationDuration && (string?)m.Tags["callcontrol.operation"] == "hold").Tags;
        Assert.That(recorded.ContainsKey("http.response.status_code"), Is.False, "no status: the tag is left out, not recorded empty");
    }

    /// <summary>Listens to the SDK's spans and instruments for the length of a test.</summary>
    private sealed class TelemetryCapture : IDisposable
    {
        private readonly ActivityListener _spans;
        private readonly MeterListener _meters;

        public TelemetryCapture()
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == CallControlTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Activities.Add,
            };
            ActivitySource.AddActivityListener(_spans);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == CallControlTelemetry.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measurements.Add((i.Name, v, ToDictionary(tags))));
            _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Measurements.Add((i.Name, v, ToDictionary(tags))));
            _meters.Start();
        }

        public List<Activity> Activities { get; } = [];

        public List<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = [];

        public void Dispose()
        {
            _meters.Dispose();
            _spans.Dispose();
        }

        private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var result = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                result[tag.Key] = tag.Value;
            }

            return result;
        }
    }
}
