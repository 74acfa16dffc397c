using System.Diagnostics;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Benchmarks;

/// <summary>
/// Consult transfers over the sandbox (issue "Flows, not requests"): a colleague who answers after 1 s, with every
/// delivery, then with 30% of deliveries lost before the tracker sees them (the flow reads the call instead), and a
/// colleague who never answers (the caller must be back within AnswerTimeout + 2 s).
/// </summary>
public static class ConsultHarness
{
    private const string Secret = "consult-harness-secret";
    private const string Colleague = "+14085550177";
    private const string NoAnswer = "+14085550178";

    public static async Task<IEnumerable<string>> RunAsync(bool smoke)
    {
        var failures = new List<string>();
        var rounds = smoke ? 2 : 15;
        var answerTimeout = TimeSpan.FromSeconds(smoke ? 1 : 5);
        await using var sandbox = await CallControlSandbox.StartAsync();
        sandbox.SetDestination(Colleague, new SandboxDestination { AnswerAfter = TimeSpan.FromSeconds(1) });
        sandbox.SetDestination(NoAnswer, new SandboxDestination { NeverAnswers = true });
        var tracker = new CallEventTracker();
        var lossRate = 0.0;
        var random = new Random(7);
        var lost = 0;

        var (app, target) = await LoopbackReceiverApp.StartAsync(Secret, (e, _) =>
        {
            if (random.NextDouble() < lossRate)
            {
                Interlocked.Increment(ref lost);
            }
            else
            {
                tracker.Apply(e);
            }

            return Task.CompletedTask;
        });
        await using var stopApp = app;
        using var client = sandbox.CreateClient();
        await client.EnsureCallWebhookAsync(new CallWebhookRequest("consult-harness", target) { Secret = Secret });

        var all = await MeasureAsync(client, sandbox, tracker, rounds);
        lossRate = 0.3;
        var lossy = await MeasureAsync(client, sandbox, tracker, rounds);

        var caller = sandbox.AddConnectedCall();
        var watch = Stopwatch.StartNew();
        ConsultTransferException? stopped = null;
        try
        {
            await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, NoAnswer) { Tracker = tracker, AnswerTimeout = answerTimeout });
        }
        catch (ConsultTransferException ex)
        {
            stopped = ex;
        }

        var restoredAfter = watch.Elapsed;
        await app.StopAsync();

        var ratio = lossy.TotalMilliseconds / all.TotalMilliseconds;
        Console.WriteLine();
        Console.WriteLine($"Consult transfer over the sandbox, colleague answers after 1 s, {rounds} rounds each (median)");
        Console.WriteLine("| deliveries | median time | ratio |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| all | {all.TotalMilliseconds:0} ms | 1.00 |");
        Console.WriteLine($"| 30% lost ({lost} lost) | {lossy.TotalMilliseconds:0} ms | {ratio:0.00} |");
        Console.WriteLine($"Never answering, AnswerTimeout {answerTimeout.TotalSeconds:0} s: stopped at {stopped?.Stage}, caller restored {stopped?.CallerRestored}, after {restoredAfter.TotalMilliseconds:0} ms");
        if (stopped is not { Stage: ConsultTransferStage.Answer, CallerRestored: true })
        {
            failures.Add("consult: a colleague who never answers did not end in a restored caller");
        }

        if (!smoke && ratio > 1.5)
        {
            failures.Add($"consult: with 30% of deliveries lost it took {ratio:0.00}x the time (target <= 1.5x)");
        }

        if (!smoke && restoredAfter > answerTimeout + TimeSpan.FromSeconds(2))
        {
            failures.Add($"consult: the caller was restored after {restoredAfter.TotalSeconds:0.0} s (target <= AnswerTimeout + 2 s)");
        }

        return failures;
    }

    private static async Task<TimeSpan> MeasureAsync(CallControlClient client, CallControlSandbox sandbox, CallEventTracker tracker, int rounds)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < rounds; i++)
        {
            var caller = sandbox.AddConnectedCall();
            var watch = Stopwatch.StartNew();
            await client.ConsultTransferAsync(new ConsultTransferRequest(caller.Id, Colleague) { Tracker = tracker });
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
