using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CallControl.Sdk.ContractTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The ASP.NET Core receiver over real Kestrel: bad input never reaches the handler, acknowledgement is immediate, shutdown drains.</summary>
[TestFixture]
public sealed class CallEventReceiverTests
{
    private const string Secret = "receiver-secret-41b9";
    private static int _sequence;

    private static byte[] Event(string callId = "c1", string eventType = "connected", string resource = "telephony_calls")
        => Encoding.UTF8.GetBytes($$$"""{"id":"wh-1","resource":"{{{resource}}}","event":"updated","data":{"eventType":"{{{eventType}}}","eventTimestamp":"2026-11-27T12:00:{{{Interlocked.Increment(ref _sequence) % 60:00}}}Z","callId":"{{{callId}}}","state":"connected"}}""");

    private static HttpRequestMessage Delivery(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "webex/calls") { Content = new ByteArrayContent(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Spark-Signature", signature);
        }

        return request;
    }

    private static HttpRequestMessage Signed(byte[] body) => Delivery(body, CallEventParser.Sign(body, Secret));

    [Test]
    public async Task ASignedDelivery_IsAcknowledged202_AndHandedToTheHandler()
    {
        var handled = new TaskCompletionSource<CallEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, (e, _) => { handled.TrySetResult(e); return Task.CompletedTask; });

        using var response = await receiver.Http.SendAsync(Signed(Event("call-7")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await handled.Task.WaitAsync(TimeSpan.FromSeconds(10))).CallId, Is.EqualTo("call-7"));
    }

    [Test]
    public async Task BadDeliveries_GetTheirStatus_AreLogged_AndNeverReachTheHandler()
    {
        var seen = new ConcurrentQueue<string>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, (e, _) =>
        {
            seen.Enqueue(e.CallId);
            if (e.CallId == "good")
            {
                last.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var body = Event("bad");

        var statuses = new List<HttpStatusCode>();
        foreach (var request in new[]
        {
            Delivery(body, null),                                            // missing signature
            Delivery(body, CallEventParser.Sign(body, "another-secret")),    // wrong signature
            Signed(new byte[CallEventParser.MaxBodyBytes + 1]),              // too large
            Signed(Encoding.UTF8.GetBytes("{not json")),                     // malformed
            Signed(Event("bad", resource: "messages")),                      // not a call event
        })
        {
            using var response = await receiver.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        using (var good = await receiver.Http.SendAsync(Signed(Event("good"))))
        {
            Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        await last.Task.WaitAsync(TimeSpan.FromSeconds(10)); // events are handed over in order: the bad ones would have come first
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest }));
        Assert.That(seen, Is.EqualTo(new[] { "good" }));
        var refused = receiver.Logs.GetSnapshot().Where(r => r.Id.Id == 101).ToList();
        Assert.That(refused, Has.Count.EqualTo(5));
        Assert.That(refused.Select(r => r.Message), Has.All.Not.Contain(Secret));
    }

    [Test]
    public async Task AFullQueue_Answers503_AndASlowHandlerNeverDelaysTheAcknowledgement()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
        }, o => o.QueueCapacity = 2);

        using (var first = await receiver.Http.SendAsync(Signed(Event("1"))))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the handler holds event 1: the queue is empty
        var statuses = new List<HttpStatusCode>();
        foreach (var id in new[] { "2", "3", "4" })
        {
            using var response = await receiver.Http.SendAsync(Signed(Event(id)));
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }), "acknowledged while the handler is still busy; the third finds the queue full");
        release.TrySetResult();
    }

    [Test]
    public async Task AThrowingHandler_IsLogged_AndTheNextEventIsStillHandled()
    {
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, (e, _) => e.CallId == "boom" ? throw new InvalidOperationException("handler bug") : Task.FromResult(handled.TrySetResult(e.CallId)));

        using var first = await receiver.Http.SendAsync(Signed(Event("boom")));
        using var second = await receiver.Http.SendAsync(Signed(Event("fine")));

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Accepted, HttpStatusCode.Accepted)));
        Assert.That(await handled.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("fine"));
        Assert.That(receiver.Logs.GetSnapshot().Single(r => r.Id.Id == 103).Exception?.Message, Is.EqualTo("handler bug"));
    }

    [Test]
    public async Task GracefulShutdown_HandsEveryAcceptedEventToTheHandler()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new ConcurrentQueue<string>();
        var receiver = await LoopbackReceiver.StartAsync(Secret, async (e, _) =>
        {
            await release.Task;
            handled.Enqueue(e.CallId);
        });
        foreach (var id in new[] { "a", "b", "c" })
        {
            using var response = await receiver.Http.SendAsync(Signed(Event(id)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var stopping = receiver.App.StopAsync();
        Assert.That(stopping.IsCompleted, Is.False, "the stop waits for the accepted events, without blocking the caller");
        release.TrySetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(handled, Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(receiver.Logs.GetSnapshot().Any(r => r.Id.Id == 104), Is.True);
        await receiver.DisposeAsync();
    }

    [Test]
    public void MapCallEvents_WithoutAddCallEventReceivers_SaysWhatIsMissing()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapCallEvents("/webex/calls", Secret, (_, _) => Task.CompletedTask));
        Assert.That(ex!.Message, Does.Contain("AddCallEventReceivers()"));
    }

    [Test]
    public async Task TheDiOverload_ResolvesTheHandlerInAScopePerEvent()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(Secret, null, configureServices: s => s.AddSingleton<Handled>().AddScoped<ScopedHandler>());

        using var response = await receiver.Http.SendAsync(Signed(Event("di-call")));

        var handled = receiver.App.Services.GetRequiredService<Handled>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await handled.Calls.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("di-call"));
    }

    internal sealed class Handled
    {
        public TaskCompletionSource<string> Calls { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal sealed class ScopedHandler(Handled handled) : CallControl.Sdk.AspNetCore.ICallEventHandler
    {
        public Task HandleAsync(CallEvent callEvent, CancellationToken cancellationToken)
        {
            handled.Calls.TrySetResult(callEvent.CallId);
            return Task.CompletedTask;
        }
    }
}
