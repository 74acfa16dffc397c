using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>
/// The metrics an operator reads: docs/observability.md's instrument table against what a <c>MeterListener</c> sees,
/// and docs/grafana-dashboard.json against what OpenTelemetry's Prometheus exporter serves, each after one run in a
/// real app (client from configuration, call event endpoint) that makes every instrument record.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class InstrumentCatalogTests
{
    private const string Secret = "catalog-secret-5d1a";

    [Test]
    public async Task TheDocumentedInstruments_AreExactlyThoseTheSdkPublishes_WithTheirTypesUnitsAndTags()
    {
        var documented = DocumentedInstruments();
        var seen = new Dictionary<string, (string Type, string? Unit, HashSet<string> Tags)>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == CallControlTelemetry.MeterName)
                {
                    lock (seen)
                    {
                        seen.TryAdd(instrument.Name, (TypeOf(instrument), instrument.Unit, new HashSet<string>(StringComparer.Ordinal)));
                    }

                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Tags(seen, i, tags));
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => Tags(seen, i, tags));
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Tags(seen, i, tags));
        listener.Start();

        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var app = await StartAppAsync(sandbox, prometheus: false);
        await RecordEveryInstrumentAsync(app, sandbox);
        listener.RecordObservableInstruments();

        Assert.Multiple(() =>
        {
            Assert.That(seen.Keys, Is.EquivalentTo(documented.Keys), "every published instrument is documented, and every documented one is published");
            foreach (var (name, (type, unit, tags)) in seen)
            {
                if (!documented.TryGetValue(name, out var doc))
                {
                    continue;
                }

                Assert.That((type, unit), Is.EqualTo((doc.Type, doc.Unit)), name);
                Assert.That(tags, Is.Not.Empty, $"{name} recorded in the run");
                Assert.That(tags, Is.SubsetOf(doc.Tags), $"{name}'s tags are documented");
            }
        });
    }

    [Test]
    public async Task EveryMetricTheDashboardQueries_IsServedByThePrometheusExporter()
    {
        var dashboard = File.ReadAllText(Path.Combine(DemoAndCliTests.RepositoryRoot(), "docs", "grafana-dashboard.json"));
        using var document = JsonDocument.Parse(dashboard);
        var expressions = document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        var metrics = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var labels = expressions.SelectMany(e => ByClause().Matches(e).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)))
            .Where(l => l != "le").ToHashSet(StringComparer.Ordinal);

        await using var sandbox = await CallControlSandbox.StartAsync();
        await using var app = await StartAppAsync(sandbox, prometheus: true);
        await RecordEveryInstrumentAsync(app, sandbox);
        var scraped = await app.Http.GetStringAsync("metrics");
        var served = ServedMetric().Matches(scraped).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Has.Count.GreaterThanOrEqualTo(12), "the dashboard's queries were read");
            Assert.That(metrics, Is.SubsetOf(served), "every metric the dashboard queries is in the scrape");
            Assert.That(labels.Where(l => !scraped.Contains(l + "=\"", StringComparison.Ordinal)), Is.Empty, "every label it groups by is in the scrape");
        });
    }

    /// <summary>One run that makes every instrument record: successes, a retry, a 429 and a wait at the gate, a failure, a refresh, events accepted and refused.</summary>
    private static async Task RecordEveryInstrumentAsync(LoopbackReceiver app, CallControlSandbox sandbox)
    {
        var client = app.Services<CallControlClient>();
        await client.ListCallsAsync();                                       // a token refresh, a success
        sandbox.FailNext(1, HttpStatusCode.ServiceUnavailable);
        await client.ListCallsAsync();                                       // a retry
        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "1");
        var limited = client.ListCallsAsync();                               // a 429: the gate closes for a second
        await Eventually.TrueAsync(() => app.Logs.GetSnapshot().Any(r => r.Id.Name == "Retrying" && r.Message.Contains("got 429", StringComparison.Ordinal)), "the 429 told to the gate (then the retry is scheduled)");
        await client.ListCallsAsync();                                       // waits at the gate
        await limited;
        sandbox.FailNext(1, HttpStatusCode.NotFound);
        await Assert.ThrowsAsync<CallControlApiException>(() => client.GetCallAsync("gone-call"));  // a failure
        await app.DeliverAsync("c1");                                        // accepted
        await app.DeliverAsync("c2", signature: "sha1=0000");                // refused
    }

    private static Task<LoopbackReceiver> StartAppAsync(CallControlSandbox sandbox, bool prometheus) => LoopbackReceiver.StartAsync(
        Secret,
        (_, _) => Task.CompletedTask,
        configureServices: services =>
        {
            var settings = sandbox.CreateIntegrationSettings();
            settings["Webex:Retry:BaseBackoff"] = "00:00:00.010";
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            services.AddCallControlClient(configuration.GetSection("Webex"))
                .ConfigureCallControlOptions((o, _) => o.RateLimitGate = CallControlRateLimitGate.CreateInProcess());
            if (prometheus)
            {
                services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(CallControlTelemetry.MeterName).AddPrometheusExporter());
            }
        },
        configureApp: app =>
        {
            if (prometheus)
            {
                app.MapPrometheusScrapingEndpoint();
            }
        });

    private static Dictionary<string, (string Type, string Unit, HashSet<string> Tags)> DocumentedInstruments()
    {
        var text = File.ReadAllText(Path.Combine(DemoAndCliTests.RepositoryRoot(), "docs", "observability.md"));
        var rows = DocumentedRow().Matches(text);
        Assert.That(rows, Is.Not.Empty, "docs/observability.md has the instrument table");
        return rows.ToDictionary(
            m => m.Groups[1].Value,
            m => (m.Groups[2].Value, m.Groups[3].Value.Trim(), BacktickedName().Matches(m.Groups[4].Value).Select(t => t.Groups[1].Value).ToHashSet(StringComparer.Ordinal)),
            StringComparer.Ordinal);
    }

    private static string TypeOf(Instrument instrument) => instrument.GetType().Name switch
    {
        var n when n.StartsWith("Histogram", StringComparison.Ordinal) => "histogram",
        var n when n.StartsWith("Counter", StringComparison.Ordinal) => "counter",
        var n when n.StartsWith("ObservableGauge", StringComparison.Ordinal) => "gauge",
        var n => n,
    };

    private static void Tags(Dictionary<string, (string Type, string? Unit, HashSet<string> Tags)> seen, Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (seen)
        {
            if (seen.TryGetValue(instrument.Name, out var entry))
            {
                foreach (var tag in tags)
                {
                    entry.Tags.Add(tag.Key);
                }
            }
        }
    }

    [GeneratedRegex(@"^\| `(callcontrol\.[a-z_.]+)` \| (\w+) \| ([^|]+) \| (.*) \|$", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    [GeneratedRegex("`([a-z_.]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"\b(callcontrol_[a-z_]+)\{")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"by \(([^)]*)\)")]
    private static partial Regex ByClause();

    [GeneratedRegex(@"^(callcontrol_[a-z_]+)[{ ]", RegexOptions.Multiline)]
    private static partial Regex ServedMetric();
}
