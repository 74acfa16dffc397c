using BenchmarkDotNet.Reports;

namespace CallControl.Sdk.Benchmarks;

/// <summary>Reads the BenchmarkDotNet summary and checks the per-call targets: SDK ≤ 1.6× raw time and ≤ 1.5× raw bytes.</summary>
public static class PerCallTargets
{
    public const double MaxTimeRatio = 1.6;
    public const double MaxAllocRatio = 1.5;

    public static IEnumerable<string> Check(Summary summary, bool smoke)
    {
        var raw = Find(summary, "raw HttpClient + STJ source gen");
        var sdk = Find(summary, "CallControl.Sdk TransferAsync");
        if (raw?.ResultStatistics is null || sdk?.ResultStatistics is null)
        {
            yield return "per-call: the benchmark did not produce results";
            yield break;
        }

        var timeRatio = sdk.ResultStatistics.Median / raw.ResultStatistics.Median;
        var rawBytes = raw.GcStats.GetBytesAllocatedPerOperation(raw.BenchmarkCase) ?? 0;
        var sdkBytes = sdk.GcStats.GetBytesAllocatedPerOperation(sdk.BenchmarkCase) ?? 0;
        var allocRatio = rawBytes == 0 ? double.NaN : (double)sdkBytes / rawBytes;
        Console.WriteLine($"per-call: SDK median {sdk.ResultStatistics.Median:0} ns vs raw {raw.ResultStatistics.Median:0} ns = {timeRatio:0.00}x (target <= {MaxTimeRatio}); bytes {sdkBytes} vs {rawBytes} = {allocRatio:0.00}x (target <= {MaxAllocRatio})");
        if (smoke)
        {
            yield break; // a dry run measures nothing meaningful; it only proves the harness runs
        }

        if (timeRatio > MaxTimeRatio)
        {
            yield return $"per-call time {timeRatio:0.00}x raw > {MaxTimeRatio}x";
        }

        if (!(allocRatio <= MaxAllocRatio))
        {
            yield return $"per-call allocation {allocRatio:0.00}x raw > {MaxAllocRatio}x";
        }
    }

    private static BenchmarkReport? Find(Summary summary, string description)
        => summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Contains(description, StringComparison.Ordinal));
}
