using System.Net;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// One Service App client driving 1,000 members over the sandbox (issue "Service Apps"): the memory of a member view,
/// the connections all members' calls share (one pool: at most the concurrency), and one 429 closing the gate for
/// every member (the others wait it out instead of each collecting one). Targets: ≤ 1 KB per view, connections ≤
/// concurrency, exactly one 429 answered and no call failed.
/// </summary>
public static class MembersHarness
{
    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        var members = smoke ? 100 : 1_000;
        const int concurrency = 32;
        await using var sandbox = await CallControlSandbox.StartAsync();
        var ids = Enumerable.Range(0, members).Select(i => "member-" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.ForEach(sandbox.AddMember);
        using var client = sandbox.CreateServiceAppClient();
        client.ForMember(ids[0], sandbox.OrgId); // load the types before measuring

        var before = HeapAfterFullGc();
        var views = ids.Select(id => client.ForMember(id, sandbox.OrgId)).ToList();
        var perView = (HeapAfterFullGc() - before) / (double)members;

        await DriveAsync(views, concurrency);
        var connections = sandbox.Requests.Select(r => r.ConnectionId).Distinct().Count();

        sandbox.FailNext(1, HttpStatusCode.TooManyRequests, retryAfter: "1");
        var sent = sandbox.Requests.Count;
        var failed = await DriveAsync(views, concurrency);
        var limited = sandbox.Requests.Skip(sent).Count(r => r.StatusCode == 429);

        GC.KeepAlive(views);
        Console.WriteLine();
        Console.WriteLine($"Members: one Service App client, {members} member views, concurrency {concurrency}");
        Console.WriteLine("| measure | result | target |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| heap per member view | {perView:0} B | ≤ 1,024 B |");
        Console.WriteLine($"| connections for {members} members' calls | {connections} | ≤ {concurrency} (one pool) |");
        Console.WriteLine($"| 429s answered after one 429 closed the gate, {members} calls | {limited} | 1 |");
        Console.WriteLine($"| calls failed | {failed} | 0 |");
        if (!smoke)
        {
            if (perView > 1024)
            {
                failures.Add($"members: {perView:0} B per member view > 1 KB");
            }

            if (connections > concurrency)
            {
                failures.Add($"members: {connections} connections > {concurrency}");
            }

            if (limited != 1 || failed != 0)
            {
                failures.Add($"members: {limited} 429s answered and {failed} calls failed after one 429 (target: 1 and 0)");
            }
        }

        return failures;
    }

    private static async Task<int> DriveAsync(List<CallControlMemberClient> views, int concurrency)
    {
        var failed = 0;
        using var slots = new SemaphoreSlim(concurrency);
        await Task.WhenAll(views.Select(async view =>
        {
            await slots.WaitAsync();
            try
            {
                await view.ListCallsAsync();
            }
            catch (CallControlException)
            {
                Interlocked.Increment(ref failed);
            }
            finally
            {
                slots.Release();
            }
        }));
        return failed;
    }

    private static long HeapAfterFullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
