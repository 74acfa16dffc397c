using System.Diagnostics;
using System.Net;
using CallControl.Sdk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Many users in one process (issue "Real apps"): 1,000 per-user clients from one DI registration against the
/// sandbox. Reports the heap per client after a full GC, the distinct connections for 1,000 users at concurrency 16,
/// and user B's latency while user A's rate-limit gate is closed, beside B's latency with no 429 anywhere. Targets:
/// ≤ 16 KB per client, connections ≤ concurrency, B's p99 not slowed by A's 429 (within 5 ms of the baseline).
/// </summary>
public static class ManyUsersHarness
{
    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        var users = smoke ? 100 : 1_000;
        const int concurrency = 16;
        var samples = smoke ? 50 : 1_000;
        await using var sandbox = await CallControlSandbox.StartAsync();
        var services = new ServiceCollection();
        services.AddCallControlClient("contact-center", o =>
        {
            o.AccessToken = sandbox.AccessToken;
            o.BaseAddress = sandbox.BaseAddress;
        });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ICallControlClientFactory>();
        factory.CreateClient("contact-center", new Tokens(sandbox.AccessToken)).Dispose();

        var before = HeapAfterFullGc();
        var clients = Enumerable.Range(0, users).Select(_ => factory.CreateClient("contact-center", new Tokens(sandbox.AccessToken))).ToList();
        var perClient = (HeapAfterFullGc() - before) / (double)users;

        using (var slots = new SemaphoreSlim(concurrency))
        {
            await Task.WhenAll(clients.Select(async client =>
            {
                await slots.WaitAsync();
                try
                {
                    await client.ListCallsAsync();
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        var connections = sandbox.Requests.Select(r => r.ConnectionId).Distinct().Count();
        var userA = clients[0];
        var userB = clients[1];
        var baseline = await LatenciesAsync(userB, samples);
        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "3600");
        await CatchRateLimited(userA); // A's gate is now closed for the cap (60 s)
        var whileAIsLimited = await LatenciesAsync(userB, samples);
        clients.ForEach(c => c.Dispose());

        Console.WriteLine();
        Console.WriteLine($"Many users: {users:N0} per-user clients of one registration, calls at concurrency {concurrency}, {samples:N0} latency samples");
        Console.WriteLine("| users | heap per client | distinct connections | B p50 / p99, no 429 | B p50 / p99, A rate-limited | added p99 |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine($"| {users:N0} | {perClient:N0} B | {connections} | {baseline.P50:0.00} / {baseline.P99:0.00} ms | {whileAIsLimited.P50:0.00} / {whileAIsLimited.P99:0.00} ms | {whileAIsLimited.P99 - baseline.P99:+0.00;-0.00} ms |");
        if (perClient > 16 * 1024)
        {
            failures.Add($"users: {perClient:N0} B per client > 16 KB");
        }

        if (connections > concurrency)
        {
            failures.Add($"users: {connections} connections for {users} users > concurrency {concurrency}");
        }

        if (!smoke && whileAIsLimited.P99 > baseline.P99 + 5)
        {
            failures.Add($"users: user A's 429 slowed user B (p99 {whileAIsLimited.P99:0.00} ms vs {baseline.P99:0.00} ms)");
        }

        return failures;
    }

    private static async Task<(double P50, double P99)> LatenciesAsync(CallControlClient client, int samples)
    {
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.ListCallsAsync();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[samples / 2], times[Math.Min(samples - 1, (int)(samples * 0.99))]);
    }

    private static async Task CatchRateLimited(CallControlClient client)
    {
        try
        {
            await client.ListCallsAsync();
        }
        catch (CallControlApiException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Expected: Retry-After 3600 is over the cap, so it fails at once and the gate stays closed for the cap.
        }
    }

    private static long HeapAfterFullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class Tokens(string token) : CallControlTokenProvider
    {
        public override ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => new(token);

        public override bool CanRefresh => false;
    }
}
