using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The sandbox's HTTP surface: one minimal-API route per Webex route, each run through the same exchange (read the
/// body, echo or make up the TrackingID, take the next injected fault, check the token, run the route under the call
/// store's lock, publish the events of what it changed, record the request, answer).
/// </summary>
internal sealed class SandboxEndpoints(SandboxCallStore calls, SandboxWebhooks webhooks, SandboxFaults faults, SandboxRequestLog log, SandboxTokens tokens, TimeProvider time, CallControlSandboxOptions options)
{
    private static readonly string[] OtherMethods = ["PUT", "DELETE", "PATCH"];

    /// <summary>The commands Webex offers by member (Call Controls Members).</summary>
    private static readonly HashSet<string> MemberCommands = new(StringComparer.Ordinal) { "answer", "dial", "hangup", "park", "transmitDtmf", "wrapupreasons" };

    internal void Map(IEndpointRouteBuilder app)
    {
        // Call Controls Members: the sandbox's user is the one member, reached with the Service App's token.
        var members = app.MapGroup("/v1/telephony/calls/members/{memberId}");
        members.MapGet("calls", Handle(Member(_ => calls.ListCalls())));
        members.MapGet("calls/{callId}", Handle(Member(x => calls.CallDetails(x.Route("callId")))));
        members.MapPost("{command}", Handle(Member(MemberCommand)));

        // Conference Controls.
        app.MapPost("/v1/telephony/conference", Handle(x => WithBody(x, calls.StartConference)));
        app.MapGet("/v1/telephony/conference", Handle(_ => calls.ConferenceDetails()));
        app.MapDelete("/v1/telephony/conference", Handle(_ => calls.ReleaseConference()));
        app.MapPost("/v1/telephony/conference/{command}", Handle(x => SandboxCallStore.ConferenceCommands.Contains(x.Route("command"))
            ? WithBody(x, root => calls.ConferenceCommand(x.Route("command"), root))
            : (404, $"The requested resource '{x.Context.Request.Path.Value}' could not be found.")));

        var telephony = app.MapGroup("/v1/telephony/calls");
        telephony.MapGet("", Handle(_ => calls.ListCalls()));
        telephony.MapGet("history", Handle(x => calls.CallHistory(x.Context.Request.Query["type"].FirstOrDefault())));
        telephony.MapGet("{callId}", Handle(x => calls.CallDetails(x.Route("callId"))));
        telephony.MapPost("transfer", Handle(x => calls.Transfer(x.Body)));
        telephony.MapPost("{command}", Handle(Command));
        telephony.MapMethods("{**operation}", OtherMethods, Handle(x => (405, $"The {x.Route("operation")} resource does not accept {x.Context.Request.Method}.")));

        // The webhooks API answers every method itself (an unknown one is a 404, as for an unknown webhook).
        app.Map("/v1/webhooks", Handle(x => webhooks.Api(x.Context.Request.Method, null, x.Body)));
        app.Map("/v1/webhooks/{webhookId}", Handle(x => webhooks.Api(x.Context.Request.Method, x.Route("webhookId"), x.Body)));

        app.Map(SandboxTokens.Path, AnswerTokenRequestAsync);
        app.Map("/v1/applications/{applicationId}/token", AnswerApplicationTokenRequestAsync);
        app.MapFallback(Handle(x => (404, $"The requested resource '{x.Context.Request.Path.Value}' could not be found.")));
    }

    private (int Status, string? Json) Command(Exchange exchange)
    {
        var name = exchange.Route("command");
        return SandboxCallStore.Commands.Contains(name)
            ? WithBody(exchange, root => calls.Command(name, root))
            : (404, $"The requested resource '{exchange.Context.Request.Path.Value}' could not be found.");
    }

    /// <summary>A member's command: the user-level command's effect, without a <c>lineOwnerId</c> (the member is in the path).</summary>
    private (int Status, string? Json) MemberCommand(Exchange exchange)
    {
        var name = exchange.Route("command");
        if (!MemberCommands.Contains(name))
        {
            return (404, $"The requested resource '{exchange.Context.Request.Path.Value}' could not be found.");
        }

        return WithBody(exchange, root => root.TryGetProperty("lineOwnerId", out _)
            ? (400, "lineOwnerId is not accepted on a members path: the member is in the path.")
            : name == "wrapupreasons" ? calls.SetWrapupReasons(root) : calls.Command(name, root));
    }

    /// <summary>The members paths' own checks: the one member, and the sandbox's organization when an <c>orgId</c> is given.</summary>
    private Func<Exchange, (int Status, string? Json)> Member(Func<Exchange, (int Status, string? Json)> route) => exchange =>
    {
        var member = exchange.Route("memberId");
        if (member != options.MemberId && !calls.IsAddedMember(member))
        {
            return (404, $"Member '{member}' was not found.");
        }

        return exchange.Context.Request.Query["orgId"].FirstOrDefault() is { } org && org != options.OrgId
            ? (403, $"The organization '{org}' is not one this application manages.")
            : route(exchange);
    };

    /// <summary>Parses a command's JSON object body and runs <paramref name="command"/> with it.</summary>
    private static (int Status, string? Json) WithBody(Exchange exchange, Func<JsonElement, (int Status, string? Json)> command)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrEmpty(exchange.Body) ? "{}" : exchange.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (400, "The request body must be a JSON object.");
            }

            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (400, "The request body is not valid JSON.");
        }

        try
        {
            return command(root);
        }
        catch (InvalidOperationException)
        {
            return (400, "A field of the request body has the wrong type.");
        }
    }

    /// <summary>A route run through the exchange every Call Control and webhooks request goes through.</summary>
    private RequestDelegate Handle(Func<Exchange, (int Status, string? Json)> route) => async context =>
    {
        var receivedAt = time.GetUtcNow();
        var exchange = await ReadAsync(context).ConfigureAwait(false);
        var fault = faults.NextFault(out var limited);
        if (fault is { Kind: SandboxFaults.FaultKind.Status } failure)
        {
            log.Record(context.Request, exchange.Body, (int)failure.Status, receivedAt);
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            await SandboxJson.WriteErrorAsync(context, (int)failure.Status, limited ? "Too many requests; retry after the Retry-After interval." : $"Injected fault: {(int)failure.Status}.", exchange.TrackingId).ConfigureAwait(false);
            return;
        }

        // Carried out on arrival, as on Webex: a slow answer, or none, does not undo what the command did.
        var (status, json) = Run(exchange, route);
        try
        {
            if (fault is { Kind: SandboxFaults.FaultKind.Delay } delay)
            {
                await Task.Delay(delay.Delay, time, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            log.Record(context.Request, exchange.Body, 0, receivedAt); // the client gave up while the answer was held
            return;
        }

        if (fault is { Kind: SandboxFaults.FaultKind.StatusAfterActing } after)
        {
            // Carried out, then answered with a failure (a gateway that timed out while the service acted).
            log.Record(context.Request, exchange.Body, (int)after.Status, receivedAt);
            await SandboxJson.WriteErrorAsync(context, (int)after.Status, $"Injected fault after acting: {(int)after.Status}.", exchange.TrackingId).ConfigureAwait(false);
            return;
        }

        if (fault is { Kind: SandboxFaults.FaultKind.Drop })
        {
            // Carried out, never answered: the caller cannot know the outcome.
            log.Record(context.Request, exchange.Body, 0, receivedAt);
            context.Abort();
            return;
        }

        log.Record(context.Request, exchange.Body, status, receivedAt);
        context.Response.StatusCode = status;
        if (json is null)
        {
            return;
        }

        if (status >= 400)
        {
            await SandboxJson.WriteErrorAsync(context, status, json, exchange.TrackingId).ConfigureAwait(false);
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
    };

    /// <summary>
    /// Makes a change to the calls and publishes the events of what it changed, under the call store's lock, so events
    /// keep the changes' order. Every change goes through here: a route's, and a test's own (a seeded call).
    /// </summary>
    internal T Change<T>(Func<T> change)
    {
        lock (calls.Gate)
        {
            var before = calls.Calls;
            var result = change();
            webhooks.Publish(before, calls.Calls);
            return result;
        }
    }

    /// <summary>
    /// Checks the token, then runs the route as a change. As on Webex, a Service App's token acts only through the
    /// members paths (the user's own paths answer 400 "Target user not authorized"), and a user's token not on them (403).
    /// </summary>
    private (int Status, string? Json) Run(Exchange exchange, Func<Exchange, (int Status, string? Json)> route)
    {
        var authorization = exchange.Context.Request.Headers.Authorization.FirstOrDefault();
        var path = exchange.Context.Request.Path;
        var membersPath = path.StartsWithSegments("/v1/telephony/calls/members", StringComparison.Ordinal);
        if (tokens.IsServiceApp(authorization))
        {
            return !membersPath && path.StartsWithSegments("/v1/telephony", StringComparison.Ordinal)
                ? (400, "Target user not authorized")
                : Change(() => route(exchange));
        }

        if (!tokens.IsValid(authorization))
        {
            return (401, "The request requires a valid access token set in the Authorization request header.");
        }

        return membersPath
            ? (403, "The members paths need a Service App's or an administrator's token (spark-admin:calls_read, spark-admin:calls_write).")
            : Change(() => route(exchange));
    }

    private async Task AnswerApplicationTokenRequestAsync(HttpContext context)
    {
        var receivedAt = time.GetUtcNow();
        var exchange = await ReadAsync(context).ConfigureAwait(false);
        var (status, json) = tokens.AnswerApplicationToken(context.Request.Method, exchange.Route("applicationId"), context.Request.Headers.Authorization.FirstOrDefault(), exchange.Body);
        log.Record(context.Request, exchange.Body, status, receivedAt);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task AnswerTokenRequestAsync(HttpContext context)
    {
        var receivedAt = time.GetUtcNow();
        var exchange = await ReadAsync(context).ConfigureAwait(false);
        var (status, json) = tokens.Answer(context.Request.Method, exchange.Body);
        log.Record(context.Request, exchange.Body, status, receivedAt);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the body and answers with the TrackingID the request carried, or one made up as Webex does.</summary>
    private static async Task<Exchange> ReadAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var trackingId = context.Request.Headers["TrackingID"].FirstOrDefault() is { Length: > 0 } sent ? sent : "ROUTER_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        context.Response.Headers["TrackingID"] = trackingId;
        return new Exchange(context, body, trackingId);
    }

    /// <summary>One request as a route sees it.</summary>
    private sealed record Exchange(HttpContext Context, string Body, string TrackingId)
    {
        /// <summary>A route value, unescaped once more (routing leaves an escaped '/' escaped).</summary>
        internal string Route(string name) => Uri.UnescapeDataString(Context.Request.RouteValues[name] as string ?? string.Empty);
    }
}
