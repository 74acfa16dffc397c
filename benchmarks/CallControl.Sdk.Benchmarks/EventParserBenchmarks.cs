using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Call events (issue "Call events"): <see cref="CallEventParser.Parse"/> of a typical ~1 KB <c>telephony_calls</c>
/// delivery with its signature checked, on one core. Targets: at least 50,000 events/s (a mean of at most 20 µs) and
/// at most 2 KB allocated per event beyond the resulting objects (the event, its call and the call's party, measured by
/// the second row, which builds just those from already-read values).
/// </summary>
[MemoryDiagnoser]
public class EventParserBenchmarks
{
    private const string Secret = "benchmark-webhook-secret";
    private byte[] _body = [];
    private string _signature = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes("""
            {"id":"Y2lzY29zcGFyazovL3VzL1dFQkhPT0svZjRlNjA1NjAtNjZkOS00Y2M5LTk2MjctZWJjNzU1ZWZhNWE5","name":"call events","targetUrl":"https://app.example.com/webex/calls",
             "resource":"telephony_calls","event":"updated","orgId":"Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8xZWI2NWZkZi05NjQzLTQxN2YtOTk3NC1hZDcyY2FlMGUxMGY",
             "createdBy":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS9iNGFhMmQ3Ny0xMGMzLTRhMWMtOGY1Ny0xMjM0NTY3ODkwYWI","appId":"Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OL0MzMmM4MDc3","ownedBy":"creator",
             "status":"active","created":"2026-11-01T09:12:44.018Z","actorId":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS9iNGFhMmQ3Ny0xMGMzLTRhMWMtOGY1Ny0xMjM0NTY3ODkwYWI",
             "data":{"eventType":"held","eventTimestamp":"2026-11-27T12:00:00.123Z","callId":"Y2lzY29zcGFyazovL3VzL0NBTEwvOWM3ZDBiOTctZmI5Yi00ZGYzLWE0MzYtZjc1MjRmNmQ3YmE1",
              "callSessionId":"MmFmYzhjOWMtZDM5Yy00YmQ4LWFkYWQtOGY1ZjBiMTM2N2Q0","personality":"originator","state":"held",
              "remoteParty":{"name":"Ann Example","number":"+14085550100","personId":"Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM","placeId":null,"privacyEnabled":false,"callType":"location"},
              "appearance":1,"created":"2026-11-27T11:59:00.001Z","answered":"2026-11-27T11:59:05.552Z","redirections":[],"recall":null,"recordingState":"started"}}
            """);
        _signature = CallEventParser.Sign(_body, Secret);
    }

    [Benchmark(Description = "CallEventParser.Parse with signature check")]
    public CallEvent Parse() => CallEventParser.Parse(_body, _signature, Secret);

    [Benchmark(Description = "the resulting objects alone")]
    public CallEvent ResultOnly() => new()
    {
        EventType = CallEventType.Held,
        Timestamp = new DateTimeOffset(2026, 11, 27, 12, 0, 0, 123, TimeSpan.Zero),
        CallId = new string('c', 76),
        CallSessionId = new string('s', 48),
        Call = new CallDetails
        {
            Id = new string('c', 76),
            RemoteParty = new CallParty { Name = new string('n', 11), Number = new string('1', 12), PersonId = new string('p', 36) },
            Redirections = [],
        },
        WebhookId = new string('w', 84),
        WebhookName = new string('n', 11),
        Event = "updated",
        ActorId = new string('a', 84),
        OrgId = new string('o', 96),
    };

    /// <summary>Checks the targets against the summary.</summary>
    public static IEnumerable<string> Check(Summary summary, bool smoke)
    {
        var parse = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Contains("CallEventParser.Parse", StringComparison.Ordinal));
        var result = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Contains("resulting objects", StringComparison.Ordinal));
        if (parse?.ResultStatistics is null || result is null)
        {
            yield return "events: the benchmark did not produce results";
            yield break;
        }

        var perSecond = 1e9 / parse.ResultStatistics.Mean;
        var bytes = parse.GcStats.GetBytesAllocatedPerOperation(parse.BenchmarkCase) ?? 0;
        var resultBytes = result.GcStats.GetBytesAllocatedPerOperation(result.BenchmarkCase) ?? 0;
        Console.WriteLine($"events: {parse.ResultStatistics.Mean / 1000:0.00} us per event = {perSecond:N0} events/s on one core (target >= 50,000); {bytes} B allocated, {resultBytes} B of them the result, {bytes - resultBytes} B beyond it (target <= 2048)");
        if (smoke)
        {
            yield break;
        }

        if (perSecond < 50_000)
        {
            yield return $"events: {perSecond:N0} events/s < 50,000";
        }

        if (bytes - resultBytes > 2048)
        {
            yield return $"events: {bytes - resultBytes} B beyond the result > 2 KB";
        }
    }
}
