using BenchmarkDotNet.Reports;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Reads the BenchmarkDotNet summary and checks the per-call targets against bare Refit, the floor the product brief
/// allows: SDK ≤ 1.25× its time and ≤ 1.15× its bytes, in the same run. Raw HttpClient is printed as the physical floor.
/// </summary>
public static class PerCallTargets
{
    public static readonly double MaxTimeRatio = 1.25;
    public static readonly double MaxAllocRatio = 1.15;
    public static readonly double MaxMemberRatio = 1.1;

    public static IEnumerable<string> Check(Summary summary, bool smoke)
    {
        var raw = Find(summary, "raw HttpClient + STJ source gen");
        var refit = Find(summary, "bare Refit generated client");
        var sdk = Find(summary, "CallControl.Sdk TransferAsync");
        if (raw?.ResultStatistics is null || refit?.ResultStatistics is null || sdk?.ResultStatistics is null)
        {
            yield return "per-call: the benchmark did not produce results";
            yield break;
        }

        var timeRatio = sdk.ResultStatistics.Median / refit.ResultStatistics.Median;
        var refitBytes = refit.GcStats.GetBytesAllocatedPerOperation(refit.BenchmarkCase) ?? 0;
        var sdkBytes = sdk.GcStats.GetBytesAllocatedPerOperation(sdk.BenchmarkCase) ?? 0;
        var rawBytes = raw.GcStats.GetBytesAllocatedPerOperation(raw.BenchmarkCase) ?? 0;
        var allocRatio = refitBytes == 0 ? double.NaN : (double)sdkBytes / refitBytes;
        Console.WriteLine($"per-call: SDK median {sdk.ResultStatistics.Median:0} ns vs bare Refit {refit.ResultStatistics.Median:0} ns = {timeRatio:0.00}x (target <= {MaxTimeRatio}); bytes {sdkBytes} vs {refitBytes} = {allocRatio:0.00}x (target <= {MaxAllocRatio})");
        Console.WriteLine($"per-call: against raw HttpClient (the physical floor) {sdk.ResultStatistics.Median / raw.ResultStatistics.Median:0.00}x time, {(rawBytes == 0 ? double.NaN : (double)sdkBytes / rawBytes):0.00}x bytes");
        var user = Find(summary, "CallControl.Sdk HangupAsync (user)");
        var member = Find(summary, "CallControl.Sdk HangupAsync (member)");
        var memberRatio = user?.ResultStatistics is { } u && member?.ResultStatistics is { } m ? m.Median / u.Median : double.NaN;
        Console.WriteLine($"per-call: a member's hangup {member?.ResultStatistics?.Median:0} ns vs the user's {user?.ResultStatistics?.Median:0} ns = {memberRatio:0.00}x (target <= {MaxMemberRatio})");
        if (smoke)
        {
            yield break; // a dry run measures nothing meaningful; it only proves the harness runs
        }

        if (!(memberRatio <= MaxMemberRatio))
        {
            yield return $"per-call: a member command {memberRatio:0.00}x the user-level one > {MaxMemberRatio}x";
        }

        if (timeRatio > MaxTimeRatio)
        {
            yield return $"per-call time {timeRatio:0.00}x bare Refit > {MaxTimeRatio}x";
        }

        if (!(allocRatio <= MaxAllocRatio))
        {
            yield return $"per-call allocation {allocRatio:0.00}x bare Refit > {MaxAllocRatio}x";
        }
    }

    private static BenchmarkReport? Find(Summary summary, string description)
        => summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Contains(description, StringComparison.Ordinal));
}
