using System.Diagnostics;
using System.Net;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Harness 3: goodput under a server-side token bucket of R requests/second that answers 429 + Retry-After (whole
/// seconds, as Webex does). K concurrent callers transfer for T seconds. Reports successes/second ÷ R and 429s per
/// success for the SDK (shared gate on), the hand-assembled peer and a naive fixed-backoff retry.
/// Targets for the SDK: ≥ 0.97 of R and ≤ 0.05 wasted 429s per success.
/// </summary>
public static class GoodputHarness
{
    public const double MinGoodput = 0.97;
    public const double MaxWastePerSuccess = 0.05;

    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        const double rate = 50;
        var callers = smoke ? 4 : 32;
        var seconds = smoke ? 2 : 20;
        await using var server = await LoopbackServer.StartAsync();
        var transferUri = new Uri(server.BaseAddress, "telephony/calls/transfer");
        var body = new PeerTransferBody { CallId1 = "call-1", CallId2 = "call-2" };

        Console.WriteLine();
        Console.WriteLine($"Goodput under a token bucket of R = {rate}/s (burst {rate}), {callers} callers, {seconds} s each");
        Console.WriteLine("| client | successes/s | ÷ R | 429s per success | failed calls |");
        Console.WriteLine("|---|---|---|---|---|");

        using (var sdk = new CallControlClient(new CallControlClientOptions { AccessToken = Peers.Token, BaseAddress = server.BaseAddress, Retry = { MaxRetryAttempts = 10 } }))
        {
            var request = TransferRequest.Attended("call-1", "call-2");
            var (goodput, waste) = await Measure("CallControl.Sdk (shared gate)", rate, callers, seconds, async () =>
            {
                try
                {
                    await sdk.TransferAsync(request);
                    return true;
                }
                catch (CallControlApiException)
                {
                    return false;
                }
            });
            if (!smoke && goodput < MinGoodput)
            {
                failures.Add($"goodput: SDK {goodput:0.000} of R < {MinGoodput}");
            }

            if (!smoke && waste > MaxWastePerSuccess)
            {
                failures.Add($"goodput: SDK wastes {waste:0.000} 429s per success > {MaxWastePerSuccess}");
            }
        }

        var (services, assembled) = Peers.HandAssembled(() => new SocketsHttpHandler(), server.BaseAddress, maxRetries: 10);
        using (services)
        {
            await Measure("Refit + Http.Resilience retry (hand-assembled)", rate, callers, seconds, async () =>
            {
                using var response = await assembled.TransferAsync(body, CancellationToken.None);
                return response.StatusCode == HttpStatusCode.NoContent;
            });
        }

        using (var naive = new HttpClient())
        {
            await Measure("naive fixed 100 ms backoff", rate, callers, seconds, async () =>
            {
                for (var attempt = 0; attempt < 50; attempt++)
                {
                    if (await Peers.RawAsync(naive, transferUri, body, CancellationToken.None) == HttpStatusCode.NoContent)
                    {
                        return true;
                    }

                    await Task.Delay(100);
                }

                return false;
            });
        }

        return failures;
    }

    private static async Task<(double Goodput, double Waste)> Measure(string name, double rate, int callers, int seconds, Func<Task<bool>> transfer)
    {
        await Task.Delay(1200); // let the bucket refill between clients
        LoopbackServer.SetRateLimit(rate, rate);
        var successes = 0;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (watch.Elapsed < until)
            {
                if (await transfer())
                {
                    Interlocked.Increment(ref successes);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        var (limited, _) = LoopbackServer.Counts;
        LoopbackServer.SetRateLimit(0, 0);

        // The bucket starts full (R tokens), so R of the successes are burst, not rate: discount them.
        var goodput = (successes - rate) / elapsed / rate;
        var waste = successes == 0 ? double.PositiveInfinity : (double)limited / successes;
        Console.WriteLine($"| {name} | {successes / elapsed:0.0} | {goodput:0.000} | {waste:0.000} | {failed} |");
        return (goodput, waste);
    }
}
