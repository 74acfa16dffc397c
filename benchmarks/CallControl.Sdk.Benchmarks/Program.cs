using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CallControl.Sdk.Benchmarks;

// dotnet run -c Release --project benchmarks/CallControl.Sdk.Benchmarks -- <percall|percall-pair|coldstart|events|events-e2e|consult|members|throughput|goodput|scale-out|precision|soak|users|all> [--smoke] [--quick]
if (args.FirstOrDefault() == "scale-out-worker")
{
    return await ScaleOutHarness.WorkerAsync(args);
}

if (args.FirstOrDefault() == "cold-start")
{
    return await ColdStartHarness.ChildAsync(args[1]);
}

var smoke = args.Contains("--smoke");
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var failures = new List<string>();

if (which is "percall" or "all")
{
    var job = smoke ? Job.Dry : args.Contains("--quick") ? Job.ShortRun : Job.Default.WithWarmupCount(5).WithIterationCount(20);
    var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    var summary = BenchmarkRunner.Run<PerCallBenchmarks>(config);
    failures.AddRange(PerCallTargets.Check(summary, smoke));
}

if (which is "percall-pair" or "all")
{
    failures.AddRange(await PerCallPairHarness.RunAsync(smoke));
}

if (which is "coldstart" or "all")
{
    failures.AddRange(await ColdStartHarness.RunAsync(smoke));
}

if (which is "events" or "all")
{
    var job = smoke ? Job.Dry : Job.Default.WithWarmupCount(5).WithIterationCount(15);
    var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
    failures.AddRange(EventParserBenchmarks.Check(BenchmarkRunner.Run<EventParserBenchmarks>(config), smoke));
}

if (which is "members" or "all")
{
    failures.AddRange(await MembersHarness.RunAsync(smoke));
}

if (which is "consult" or "all")
{
    failures.AddRange(await ConsultHarness.RunAsync(smoke));
}

if (which is "events-e2e" or "all")
{
    failures.AddRange(await EventsEndToEndHarness.RunAsync(smoke));
}

if (which is "throughput" or "all")
{
    failures.AddRange(await ThroughputHarness.RunAsync(smoke));
}

if (which is "goodput" or "all")
{
    failures.AddRange(await GoodputHarness.RunAsync(smoke));
}

if (which is "scale-out" or "all")
{
    failures.AddRange(await ScaleOutHarness.RunAsync(smoke));
}

if (which is "soak" or "all")
{
    failures.AddRange(await SoakHarness.RunAsync(smoke));
}

if (which is "users" or "all")
{
    failures.AddRange(await ManyUsersHarness.RunAsync(smoke));
}

if (which is "precision" or "all")
{
    failures.AddRange(await PrecisionHarness.RunAsync(smoke));
}

foreach (var failure in failures)
{
    Console.Error.WriteLine("TARGET MISSED: " + failure);
}

Console.WriteLine(failures.Count == 0 ? "All targets met." : $"{failures.Count} target(s) missed.");
return failures.Count == 0 ? 0 : 1;
