using System.Diagnostics;
using System.Net;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Resources (security issue): 100,000 transfers at concurrency 64 against loopback Kestrel. Reports the distinct TCP
/// connections used and the managed heap after warm-up and at the end. Targets: connections ≤ 64 (one per concurrent
/// caller at most), heap growth after warm-up ≤ 5 MB.
/// </summary>
public static class SoakHarness
{
    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        var total = smoke ? 2_000 : 100_000;
        var warmup = total / 10;
        const int concurrency = 64;
        await using var server = await LoopbackServer.StartAsync();
        using var client = new CallControlClient(new CallControlClientOptions { AccessToken = Peers.Token, BaseAddress = server.BaseAddress });
        var request = TransferRequest.Attended("call-1", "call-2");

        await ThroughputHarness.RunRound(concurrency, warmup, async () => (await client.TransferAsync(request)).StatusCode);
        LoopbackServer.ResetConnections();
        var afterWarmup = HeapAfterFullGc();
        var watch = Stopwatch.StartNew();
        var rate = await ThroughputHarness.RunRound(concurrency, total, async () => (await client.TransferAsync(request)).StatusCode);
        var atEnd = HeapAfterFullGc();
        var connections = LoopbackServer.DistinctConnections;
        var growthMb = (atEnd - afterWarmup) / 1024.0 / 1024.0;

        Console.WriteLine();
        Console.WriteLine($"Soak: {total:N0} transfers at concurrency {concurrency} (after {warmup:N0} warm-up)");
        Console.WriteLine("| transfers | elapsed (s) | req/s | distinct connections | heap after warm-up (MB) | heap at end (MB) | growth (MB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {total:N0} | {watch.Elapsed.TotalSeconds:0.0} | {rate:0} | {connections} | {afterWarmup / 1048576.0:0.0} | {atEnd / 1048576.0:0.0} | {growthMb:+0.00;-0.00} |");
        if (connections > concurrency)
        {
            failures.Add($"soak: {connections} connections > {concurrency}");
        }

        if (!smoke && growthMb > 5)
        {
            failures.Add($"soak: heap grew {growthMb:0.0} MB after warm-up");
        }

        return failures;
    }

    private static long HeapAfterFullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
