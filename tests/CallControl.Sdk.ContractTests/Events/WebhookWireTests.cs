using System.Net;
using System.Text.Json;
using CallControl.Sdk.ContractTests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace CallControl.Sdk.ContractTests.Events;

/// <summary>Webhook registration over real HTTP: exact requests, commands never resent, paging, and the secret never echoed.</summary>
[TestFixture]
public sealed class WebhookWireTests : WebexFakeFixture
{
    private const string Secret = "webhook-secret-7d2e";

    private static string Webhook(string id, string resource = "telephony_calls", string status = "active") => $$"""
        {"id":"{{id}}","name":"calls","targetUrl":"https://app.example/hooks","resource":"{{resource}}","event":"all","filter":"personality=terminator",
         "secret":"{{Secret}}","status":"{{status}}","created":"2026-11-01T09:12:44.018Z","orgId":"org-1","createdBy":"p-1","appId":"a-1","ownedBy":"org"}
        """;

    [Test]
    public async Task Create_PostsTheExactBody_AndReadsTheWebhook()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Webhook("wh-1")));
        using var client = Fake.CreateClient();

        var created = await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", new Uri("https://app.example/hooks"))
        {
            Secret = Secret,
            Filter = "personality=terminator",
            OwnedByOrganization = true,
        });

        var request = Fake.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That((request.Method, request.Path), Is.EqualTo(("POST", "/v1/webhooks")));
            Assert.That(WebexFake.Header(request, "Authorization"), Is.EqualTo("Bearer " + WebexFake.Token));
            Assert.That(WebexFake.Header(request, "TrackingID"), Is.Not.Empty);
            Assert.That(request.Body, Is.EqualTo($$"""{"name":"calls","targetUrl":"https://app.example/hooks","resource":"telephony_calls","event":"all","filter":"personality=terminator","secret":"{{Secret}}","ownedBy":"org"}"""));
            Assert.That((created.Id, created.Event, created.Status, created.OwnedByOrganization, created.Filter), Is.EqualTo(("wh-1", CallWebhookEvent.All, CallWebhookStatus.Active, true, "personality=terminator")));
            Assert.That(created.TargetUrl, Is.EqualTo(new Uri("https://app.example/hooks")));
            Assert.That(created.ToString(), Does.Not.Contain(Secret));
        });
    }

    [Test]
    public async Task Create_AmbiguousFailure_IsSentOnce_OutcomeUnknown_AndTheEchoedSecretIsRedacted()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").UsingPost()).RespondWith(Response.Create().WithStatusCode(502)
            .WithBodyAsJson(new { message = $"upstream rejected secret {Secret}" }));
        using var client = Fake.CreateClient();

        var ex = await Catch.Async<CallControlApiException>(client.CreateCallWebhookAsync(new CallWebhookRequest("calls", new Uri("https://app.example/hooks")) { Secret = Secret }));

        Assert.That(ex.OutcomeUnknown, Is.True, "a second create would double every delivery");
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
        Assert.That(ex.Message + ex.ErrorMessage + ex, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task Create_AnsweredWithAnUnreadableBody_IsStillASuccess_BecauseTheWebhookExists()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>ok</html>"));
        using var client = Fake.CreateClient();

        var created = await client.CreateCallWebhookAsync(new CallWebhookRequest("calls", new Uri("https://app.example/hooks")));

        Assert.That(created.Id, Is.Empty, "created, id unknown: a retry would make a second webhook");
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [TestCase("http://app.example/hooks")]
    [TestCase("ftp://app.example/hooks")]
    [TestCase("/relative")]
    public void Request_WithATargetThatIsNotHttps_IsRefused(string target)
        => Assert.Throws<CallControlRequestValidationException>(() => _ = new CallWebhookRequest("calls", new Uri(target, UriKind.RelativeOrAbsolute)));

    [Test]
    public void Create_BadSecretOrFilterOrEvent_IsRefusedWhenTheRequestIsBuilt_WithoutEchoingTheSecret()
    {
        using var client = Fake.CreateClient();
        var badSecret = "line1\nline2-secret";
        var target = new Uri("http://127.0.0.1:5000/hooks");

        var secret = Assert.Throws<CallControlRequestValidationException>(() => client.CreateCallWebhookAsync(new CallWebhookRequest("calls", target) { Secret = badSecret }))!;
        var filter = Assert.Throws<CallControlRequestValidationException>(() => client.CreateCallWebhookAsync(new CallWebhookRequest("calls", target) { Filter = " " }))!;
        var unknown = Assert.Throws<CallControlRequestValidationException>(() => client.CreateCallWebhookAsync(new CallWebhookRequest("calls", target) { Event = CallWebhookEvent.Unknown }))!;
        var update = Assert.Throws<CallControlRequestValidationException>(() => _ = new CallWebhookUpdate("calls", target) { Secret = badSecret })!;

        Assert.That(secret.ParamName, Is.EqualTo("secret"));
        Assert.That(filter.ParamName, Is.EqualTo("filter"));
        Assert.That(unknown.ParamName, Is.EqualTo("event"));
        Assert.That(update.ParamName, Is.EqualTo("secret"));
        Assert.That(secret.Message + update.Message, Does.Not.Contain("line2-secret"));
        Assert.That(Fake.Requests, Is.Empty);
    }

    [Test]
    public async Task List_FollowsLinkPaging_AndKeepsOnlyCallWebhooks()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").WithParam("cursor", "page2").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""{"items":[{{Webhook("wh-3")}}]}"""));
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").WithParam("max", "100").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""{"items":[{{Webhook("wh-1")}},{{Webhook("wh-2", resource: "messages")}}]}""")
                .WithHeader("Link", $"<{Fake.BaseAddress}webhooks?max=100&cursor=page2>; rel=\"next\""));
        using var client = Fake.CreateClient();

        var webhooks = await client.ListCallWebhooksAsync();

        Assert.That(webhooks.Select(w => w.Id), Is.EqualTo(new[] { "wh-1", "wh-3" }));
        Assert.That(Fake.Requests.Select(r => r.Url.Split('?')[1]), Is.EqualTo(new[] { "max=100", "max=100&cursor=page2" }));
    }

    [Test]
    public async Task List_ALinkToAnotherHost_IsNotFollowed()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody($$"""{"items":[{{Webhook("wh-1")}}]}""").WithHeader("Link", "<https://attacker.example/v1/webhooks?cursor=x>; rel=\"next\""));
        using var client = Fake.CreateClient();

        var ex = await Catch.Async<CallControlException>(client.ListCallWebhooksAsync());

        Assert.That(ex.Message, Does.Contain("not followed"));
        Assert.That(Fake.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Get_IsAQuery_RetriedAfterA500()
    {
        var served = 0;
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks/wh-1").UsingGet()).RespondWith(Response.Create().WithCallback(_ =>
            Interlocked.Increment(ref served) == 1 ? new Reply(500).ToMessage() : new Reply(200, Body: Webhook("wh-1", status: "inactive")).ToMessage()));
        using var client = Fake.CreateClient(o => o.Retry.BaseBackoff = TimeSpan.Zero);

        var webhook = await client.GetWebhookAsync("wh-1");

        Assert.That((webhook.Id, webhook.Status), Is.EqualTo(("wh-1", CallWebhookStatus.Inactive)));
        Assert.That(served, Is.EqualTo(2));
    }

    [Test]
    public async Task Update_PutsNameTargetSecretAndStatus()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks/wh-1").UsingPut()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Webhook("wh-1")));
        using var client = Fake.CreateClient();

        var updated = await client.UpdateWebhookAsync("wh-1", new CallWebhookUpdate("calls v2", new Uri("https://app.example/v2")) { Secret = "new-secret-value", Reactivate = true });

        var request = Fake.Requests.Single();
        Assert.That((request.Method, request.Path), Is.EqualTo(("PUT", "/v1/webhooks/wh-1")));
        Assert.That(request.Body, Is.EqualTo("""{"name":"calls v2","targetUrl":"https://app.example/v2","secret":"new-secret-value","status":"active"}"""));
        Assert.That(updated.Status, Is.EqualTo(CallWebhookStatus.Active));
    }

    [Test]
    public async Task Delete_SendsADeleteOnce_AndAConnectionLostIsAnUnknownOutcome()
    {
        Fake.Server.Given(Request.Create().WithPath("/v1/webhooks/wh-1").UsingDelete()).RespondWith(Response.Create().WithStatusCode(204));
        using var client = Fake.CreateClient();

        var result = await client.DeleteWebhookAsync("wh-1");

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((Fake.Requests.Single().Method, Fake.Requests.Single().Path), Is.EqualTo(("DELETE", "/v1/webhooks/wh-1")));
        using var server = new RawHttpServer(RawBehavior.Reset);
        using var dropped = server.CreateClient();
        var ex = await Catch.Async<CallControlException>(dropped.DeleteWebhookAsync("wh-2"));
        Assert.That((ex.OutcomeUnknown, server.Requests), Is.EqualTo((true, 1)));
    }

    [TestCase("..")]
    [TestCase("%2e%2e")]
    [TestCase("a\u202Eb")]
    public async Task WebhookIds_FollowTheOneIdRule(string id)
    {
        using var client = Fake.CreateClient();
        await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.GetWebhookAsync(id));
        await Assert.ThrowsAsync<CallControlRequestValidationException>(() => client.DeleteWebhookAsync(id));
        Assert.That(Fake.Requests, Is.Empty);
    }
}
