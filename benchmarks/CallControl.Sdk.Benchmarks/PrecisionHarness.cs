using System.Net;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness 4: on the real clock, how late each retry reaches the server relative to the Retry-After instant
/// (server-side timestamps: 429 received → retry received, minus Retry-After), and that none is early.
/// Target: p99 ≤ 50 ms late, none early.
/// </summary>
public static class PrecisionHarness
{
    public const double MaxP99LateMs = 50;

    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        await using var sandbox = await CallControlSandbox.StartAsync();
        using var client = sandbox.CreateClient();
        var lateness = new List<double>();
        var earlyCount = 0;

        // Sequential retries, each after its own 429 with Retry-After: 1. The first is a warm-up and not counted: its
        // lateness is the JIT compiling the retry path (about 55 ms on this machine), which a long-running app pays once.
        var sequential = smoke ? 2 : 30;
        for (var i = -1; i < sequential; i++)
        {
            sandbox.Reset();
            var held = sandbox.AddHeldCall();
            var consult = sandbox.AddConnectedCall();
            sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "1");
            await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));
            var requests = sandbox.Requests;
            if (i >= 0)
            {
                lateness.Add((requests[1].ReceivedAt - requests[0].ReceivedAt - TimeSpan.FromSeconds(1)).TotalMilliseconds);
            }
        }

        // A herd: 20 concurrent calls all answered 429 with Retry-After: 1.
        var herd = smoke ? 4 : 20;
        for (var round = 0; round < (smoke ? 1 : 3); round++)
        {
            // A fresh client per round: the previous round's 20 successes would teach the shared gate a pace (its
            // capacity, 18, would deliberately hold back 2 of the 20 retries), which is the goodput harness's subject,
            // not this one's. Here each herd is 20 callers meeting a 429 at once.
            using var herdClient = sandbox.CreateClient();
            sandbox.Reset();
            var pairs = Enumerable.Range(0, herd).Select(_ => (sandbox.AddHeldCall(), sandbox.AddConnectedCall())).ToList();
            sandbox.FailNext(herd, HttpStatusCode.TooManyRequests, "1");
            await Task.WhenAll(pairs.Select(p => herdClient.TransferAsync(TransferRequest.Attended(p.Item1.Id, p.Item2.Id))));
            // Pair each retry with its own 429 through the TrackingID, which is the same on every attempt. In a herd,
            // another caller's later 429 re-closes the shared gate, and the retry rightly waits for that newer instant:
            // lateness is measured from the latest 429 instant the client could already have known (falling back to
            // its own 429 when that later one was not yet known), while "early" is judged strictly against its own 429.
            // (A call that waited at the gate before its first send has no 429 of its own to pair with.)
            var all = sandbox.Requests;
            foreach (var attempts in all.GroupBy(r => r.Headers["TrackingID"]))
            {
                var ordered = attempts.OrderBy(r => r.ReceivedAt).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    if (ordered[i - 1].StatusCode != 429)
                    {
                        continue;
                    }

                    var retry = ordered[i].ReceivedAt;
                    var own = (retry - ordered[i - 1].ReceivedAt - TimeSpan.FromSeconds(1)).TotalMilliseconds;
                    var latest = all.Where(r => r.StatusCode == 429 && r.ReceivedAt < retry).Max(r => r.ReceivedAt);
                    var fromLatest = (retry - latest - TimeSpan.FromSeconds(1)).TotalMilliseconds;
                    if (own < 0)
                    {
                        earlyCount++;
                    }

                    lateness.Add(fromLatest >= 0 ? fromLatest : own);
                }
            }
        }

        var sequentialLateness = lateness.Take(sequential).OrderBy(l => l).ToList();
        var herdLateness = lateness.Skip(sequential).OrderBy(l => l).ToList();
        lateness.Sort();
        double P(double q) => lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(q * lateness.Count) - 1)];
        var early = earlyCount + lateness.Count(l => l < 0);
        Console.WriteLine();
        Console.WriteLine("Retry-After precision on the real clock (Retry-After: 1; lateness of the retry at the server)");
        Console.WriteLine("| samples | p50 late (ms) | p99 late (ms) | max late (ms) | early |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| {lateness.Count} | {P(0.5):0.0} | {P(0.99):0.0} | {lateness[^1]:0.0} | {early} |");
        Console.WriteLine($"sequential ({sequentialLateness.Count}): p50 {Median(sequentialLateness):0.0} ms, max {sequentialLateness[^1]:0.0} ms; " +
            $"herds ({herdLateness.Count}): p50 {Median(herdLateness):0.0} ms, max {herdLateness[^1]:0.0} ms; slowest five: {string.Join(", ", lateness.TakeLast(5).Select(l => l.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
        if (early > 0)
        {
            failures.Add($"precision: {early} retries arrived before the Retry-After instant");
        }

        if (!smoke && P(0.99) > MaxP99LateMs)
        {
            failures.Add($"precision: p99 {P(0.99):0.0} ms late > {MaxP99LateMs} ms");
        }

        return failures;
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
}
