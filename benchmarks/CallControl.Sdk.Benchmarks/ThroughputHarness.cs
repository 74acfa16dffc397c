using System.Diagnostics;
using System.Net;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness 2: requests/second over real loopback HTTP (Kestrel), the SDK vs raw HttpClient, at concurrency 1 and 64,
/// the same request count in adjacent paired rounds (alternating which goes first, so drift on a shared 2-core machine
/// hits both alike); the verdict is the median of the paired ratios. Target: SDK ≥ 0.95× raw.
/// </summary>
public static class ThroughputHarness
{
    public const double MinRatio = 0.95;

    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        await using var server = await LoopbackServer.StartAsync();
        var transferUri = new Uri(server.BaseAddress, "telephony/calls/transfer");
        using var raw = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        using var sdk = new CallControlClient(new CallControlClientOptions { AccessToken = Peers.Token, BaseAddress = server.BaseAddress });
        var body = new PeerTransferBody { CallId1 = "call-1", CallId2 = "call-2" };
        var request = TransferRequest.Attended("call-1", "call-2");

        Console.WriteLine();
        Console.WriteLine("Loopback throughput (Kestrel on 127.0.0.1, 204 answers)");
        Console.WriteLine("| concurrency | requests/round | paired rounds | raw req/s (median) | SDK req/s (median) | SDK / raw (median of paired ratios) | spread (min-max ratio) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var concurrency in new[] { 1, 64 })
        {
            var count = smoke ? 200 : concurrency == 1 ? 2_000 : 10_000;
            var rounds = smoke ? 1 : 21;
            await RunRound(concurrency, 200, () => Peers.RawAsync(raw, transferUri, body, CancellationToken.None));
            await RunRound(concurrency, 200, async () => (await sdk.TransferAsync(request)).StatusCode);

            var rawRates = new List<double>();
            var sdkRates = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which goes first so drift on a shared machine hits both alike.
                if (round % 2 == 0)
                {
                    rawRates.Add(await RunRound(concurrency, count, () => Peers.RawAsync(raw, transferUri, body, CancellationToken.None)));
                    sdkRates.Add(await RunRound(concurrency, count, async () => (await sdk.TransferAsync(request)).StatusCode));
                }
                else
                {
                    sdkRates.Add(await RunRound(concurrency, count, async () => (await sdk.TransferAsync(request)).StatusCode));
                    rawRates.Add(await RunRound(concurrency, count, () => Peers.RawAsync(raw, transferUri, body, CancellationToken.None)));
                }
            }

            var ratios = rawRates.Zip(sdkRates, (r, s) => s / r).ToList();
            var ratio = Median(ratios);
            Console.WriteLine($"| {concurrency} | {count} | {rounds} | {Median(rawRates):0} | {Median(sdkRates):0} | {ratio:0.000} | {ratios.Min():0.000}-{ratios.Max():0.000} |");
            if (!smoke && ratio < MinRatio)
            {
                failures.Add($"throughput at concurrency {concurrency}: SDK {ratio:0.000}x raw < {MinRatio}x");
            }
        }

        return failures;
    }

    internal static async Task<double> RunRound(int concurrency, int count, Func<Task<HttpStatusCode>> send)
    {
        var remaining = count;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                if (await send() != HttpStatusCode.NoContent)
                {
                    throw new InvalidOperationException("unexpected status");
                }
            }
        });
        await Task.WhenAll(workers);
        return count / watch.Elapsed.TotalSeconds;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
