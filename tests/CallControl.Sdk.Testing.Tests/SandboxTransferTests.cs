using System.Net;
using CallControl.Sdk.ContractTests.Infrastructure;
using CallControl.Sdk.Testing;

namespace CallControl.Sdk.Testing.Tests;

/// <summary>The sandbox applies Webex's transfer semantics and records what it received.</summary>
[TestFixture]
public sealed class SandboxTransferTests : SandboxFixture
{
    [Test]
    public async Task Attended_BothCallsAnswered_Returns204AndBothLeave()
    {
        var held = _sandbox.AddHeldCall();
        var consult = _sandbox.AddConnectedCall();
        var other = _sandbox.AddConnectedCall();

        var result = await _client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_sandbox.Calls.Select(c => c.Id), Is.EqualTo(new[] { other.Id }));
        var request = _sandbox.Requests.Single();
        Assert.That((request.Method, request.Path, request.StatusCode), Is.EqualTo(("POST", "/v1/telephony/calls/transfer", 204)));
        Assert.That(request.Body, Is.EqualTo($$"""{"callId1":"{{held.Id}}","callId2":"{{consult.Id}}"}"""));
        Assert.That(request.Headers["TrackingID"], Is.EqualTo(result.TrackingId), "the sandbox echoes the client's TrackingID");
    }

    [Test]
    public async Task Mute_AnsweredCall_Returns201WithNewIdsAndTheCallLeaves()
    {
        var call = _sandbox.AddConnectedCall();

        var result = await _client.TransferAsync(TransferRequest.Mute(call.Id, "sip:user@company.domain"));

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(result.CallId, Is.Not.Null.And.Not.EqualTo(call.Id));
        Assert.That(result.CallSessionId, Is.Not.Null);
        Assert.That(_sandbox.Calls, Is.Empty);
    }

    [Test]
    public async Task Automatic_ExactlyTwoCalls_Returns204()
    {
        _sandbox.AddHeldCall();
        _sandbox.AddConnectedCall();

        var result = await _client.TransferAsync(TransferRequest.Automatic());

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(_sandbox.Calls, Is.Empty);
    }

    [TestCase(1)]
    [TestCase(3)]
    public async Task Automatic_NotExactlyTwoCalls_Is409(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            _sandbox.AddConnectedCall();
        }

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.TransferAsync(TransferRequest.Automatic()));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.ErrorMessage, Does.Contain("exactly two calls"));
        Assert.That(_sandbox.Calls, Has.Count.EqualTo(calls));
    }

    [Test]
    public async Task UnansweredIncomingCall_Is409PointingToDivert()
    {
        var ringing = _sandbox.AddIncomingUnansweredCall();

        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.TransferAsync(TransferRequest.Mute(ringing.Id, "1234")));

        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(ex.ErrorMessage, Does.Contain("divert"));
        Assert.That(ex.Errors.Single().ErrorCode, Is.EqualTo(40900));
        Assert.That(ex.TrackingId, Is.EqualTo(_sandbox.Requests.Single().Headers["TrackingID"]));
        Assert.That(_sandbox.Calls, Has.Count.EqualTo(1), "nothing changed");
    }

    [Test]
    public async Task UnknownCallId_Is404()
    {
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => _client.TransferAsync(TransferRequest.Attended("nope", "nada")));
        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task WrongToken_Is401()
    {
        using var client = _sandbox.CreateClient(o => o.AccessToken = "not-the-token");
        var ex = await Assert.ThrowsAsync<CallControlApiException>(() => client.TransferAsync(TransferRequest.Automatic()));
        Assert.That(ex!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task InvalidCombinationSentByHand_Is400()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_sandbox.BaseAddress, "telephony/calls/transfer"))
        {
            Content = new StringContent("""{"callId2":"x"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _sandbox.AccessToken);

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("TrackingID"), Is.True);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("callId1 is mandatory"));
    }

    [Test]
    public async Task FailNext_AnswersTheInjectedStatusWithRetryAfterThenRecovers()
    {
        var held = _sandbox.AddHeldCall();
        var consult = _sandbox.AddConnectedCall();
        _sandbox.FailNext(1, HttpStatusCode.TooManyRequests, "0");
        using var client = _sandbox.CreateClient();

        await client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));

        Assert.That(_sandbox.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 429, 204 }));
    }

    [Test]
    public async Task DropNext_CarriesOutTheTransferButNeverAnswers()
    {
        var held = _sandbox.AddHeldCall();
        var consult = _sandbox.AddConnectedCall();
        _sandbox.DropNext(1);
        using var client = _sandbox.CreateClient();

        var ex = await Assert.ThrowsAsync<CallControlException>(() => client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id)));

        Assert.That(ex!.OutcomeUnknown, Is.True);
        Assert.That(_sandbox.Calls, Is.Empty, "the transfer did happen: exactly why the SDK must not resend");
        Assert.That(_sandbox.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DelayNext_HoldsTheAnswerOnTheSandboxClockThenCarriesItOut()
    {
        var time = new WaitObservingTimeProvider();
        await using var sandbox = await CallControlSandbox.StartAsync(new CallControlSandboxOptions { TimeProvider = time });
        var held = sandbox.AddHeldCall();
        var consult = sandbox.AddConnectedCall();
        sandbox.DelayNext(1, TimeSpan.FromSeconds(30));
        using var client = sandbox.CreateClient();

        var arrived = time.GetUtcNow();
        var transfer = client.TransferAsync(TransferRequest.Attended(held.Id, consult.Id));
        await time.WaitForTimersAsync(1); // the sandbox holds the answer on a timer due in 30 s of its clock
        Assert.That(transfer.IsCompleted, Is.False, "held for 30 s on the sandbox's clock");
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.That((await transfer).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(sandbox.Calls, Is.Empty);
        Assert.That(sandbox.Requests.Single().ReceivedAt, Is.EqualTo(arrived), "ReceivedAt is when the request arrived, not when it was answered");
    }

    [Test]
    public async Task RateLimit_AnswersTheExcessWith429AndRetryAfter()
    {
        _sandbox.SetRateLimit(requestsPerSecond: 0.001, burst: 1);
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", _sandbox.AccessToken);

        using var first = await http.PostAsync(new Uri("telephony/calls/transfer", UriKind.Relative), new StringContent("{}"));
        using var second = await http.PostAsync(new Uri("telephony/calls/transfer", UriKind.Relative), new StringContent("{}"));

        Assert.That(first.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(second.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(_sandbox.RateLimitedCount, Is.EqualTo(1));
    }
}
