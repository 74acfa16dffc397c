using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallControl.Sdk.Testing;

/// <summary>
/// The sandbox's HTTP control surface under <c>/_sandbox</c> (<see cref="CallControlSandboxOptions.EnableControlApi"/>):
/// what a test in another process needs of a running sandbox server, each a thin call to the same public method an
/// in-process test uses. Documented in docs/sandbox.md. Its requests are not in the request log.
/// </summary>
internal sealed class SandboxControl
{
    internal const string Prefix = "/_sandbox";
    private CallControlSandbox? _sandbox;

    internal SandboxControl(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(Prefix);
        control.MapGet("", Run(Status));
        control.MapPost("reset", Run(s =>
        {
            s.Reset();
            return Status(s);
        }));
        control.MapPost("faults", RunWithBody(InjectFault));
        control.MapPut("rate-limit", RunWithBody(SetRateLimit));
        control.MapPost("clock/advance", RunWithBody(AdvanceClock));
        control.MapPost("calls", RunWithBody(SeedCall));
        control.MapGet("calls", Run(Calls));
        control.MapGet("requests", Run(Requests));
    }

    internal void Serve(CallControlSandbox sandbox) => _sandbox = sandbox;

    private RequestDelegate Run(Func<CallControlSandbox, (int Status, string Json)> handle)
        => context => WriteAsync(context, _sandbox is { } s ? handle(s) : (503, Error("The sandbox is starting.")));

    private RequestDelegate RunWithBody(Func<CallControlSandbox, JsonElement, (int Status, string Json)> handle) => async context =>
    {
        if (_sandbox is not { } sandbox)
        {
            await WriteAsync(context, (503, Error("The sandbox is starting."))).ConfigureAwait(false);
            return;
        }

        (int, string) answer;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            answer = document.RootElement.ValueKind == JsonValueKind.Object ? handle(sandbox, document.RootElement) : (400, Error("The body must be a JSON object."));
        }
        catch (JsonException)
        {
            answer = (400, Error("The body is not valid JSON."));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            answer = (400, Error(ex.Message));
        }

        await WriteAsync(context, answer).ConfigureAwait(false);
    };

    private static (int, string) Status(CallControlSandbox s) => (200, SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("baseAddress", s.BaseAddress.AbsoluteUri);
        w.WriteString("now", s.Options.TimeProvider.GetUtcNow());
        w.WriteNumber("calls", s.Calls.Count);
        w.WriteNumber("requests", s.Requests.Count);
        w.WriteNumber("rateLimited", s.RateLimitedCount);
        w.WriteNumber("tokenRefreshes", s.TokenRefreshCount);
        w.WriteEndObject();
    }));

    /// <summary><c>{"kind": "fail" | "failAfterActing" | "delay" | "drop", "count": 1, "status": 503, "retryAfter": "2", "delayMs": 1500}</c></summary>
    private static (int, string) InjectFault(CallControlSandbox s, JsonElement body)
    {
        var kind = SandboxJson.ReadString(body, "kind") ?? "fail";
        var count = body.TryGetProperty("count", out var c) ? c.GetInt32() : 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, "count");
        HttpStatusCode Status() => body.TryGetProperty("status", out var st) && st.GetInt32() is >= 400 and <= 599 and var code
            ? (HttpStatusCode)code
            : throw new ArgumentException("'status' must be an HTTP error status (400-599).");
        switch (kind)
        {
            case "fail":
                s.FailNext(count, Status(), SandboxJson.ReadString(body, "retryAfter"));
                break;
            case "failAfterActing":
                s.FailNextAfterActing(count, Status());
                break;
            case "delay":
                s.DelayNext(count, TimeSpan.FromMilliseconds(body.TryGetProperty("delayMs", out var d) ? d.GetDouble() : throw new ArgumentException("'delayMs' is required for a delay.")));
                break;
            case "drop":
                s.DropNext(count);
                break;
            default:
                return (400, Error($"Unknown fault kind '{kind}': use fail, failAfterActing, delay or drop."));
        }

        return (200, Ok($"The next {count} request(s) get the fault '{kind}'."));
    }

    /// <summary><c>{"requestsPerSecond": 5, "burst": 1}</c>; 0 turns it off.</summary>
    private static (int, string) SetRateLimit(CallControlSandbox s, JsonElement body)
    {
        var rate = body.TryGetProperty("requestsPerSecond", out var r) ? r.GetDouble() : throw new ArgumentException("'requestsPerSecond' is required (0 turns the limit off).");
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0, "requestsPerSecond");
        s.SetRateLimit(rate, body.TryGetProperty("burst", out var b) ? b.GetInt32() : 1);
        return (200, Ok(rate == 0 ? "The rate limit is off." : string.Create(CultureInfo.InvariantCulture, $"At most {rate} request(s) a second.")));
    }

    /// <summary><c>{"seconds": 3600}</c>: access tokens issued more than that long ago expire; the rate limit refills.</summary>
    private static (int, string) AdvanceClock(CallControlSandbox s, JsonElement body)
    {
        if (s.Options.TimeProvider is not SandboxClock clock)
        {
            return (409, Error("This sandbox's clock cannot be advanced: start it with a SandboxClock (the callcontrol-sandbox tool does)."));
        }

        var seconds = body.TryGetProperty("seconds", out var v) ? v.GetDouble() : throw new ArgumentException("'seconds' is required.");
        clock.Advance(TimeSpan.FromSeconds(seconds));
        return Status(s);
    }

    /// <summary><c>{"state": "connected" | "held" | "alerting", "remoteParty": "+14085550100"}</c></summary>
    private static (int, string) SeedCall(CallControlSandbox s, JsonElement body)
    {
        var party = SandboxJson.ReadString(body, "remoteParty") ?? "+14085550100";
        var call = (SandboxJson.ReadString(body, "state") ?? "connected") switch
        {
            "connected" => s.AddConnectedCall(party),
            "held" => s.AddHeldCall(party),
            "alerting" => s.AddIncomingUnansweredCall(party),
            var other => throw new ArgumentException($"Unknown state '{other}': use connected, held or alerting."),
        };
        return (201, SandboxJson.Write(w => WriteCall(w, call)));
    }

    private static (int, string) Calls(CallControlSandbox s) => (200, SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("items");
        foreach (var call in s.Calls)
        {
            WriteCall(w, call);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }));

    /// <summary>The request log without headers (an Authorization header holds a token) and without token requests' bodies.</summary>
    private static (int, string) Requests(CallControlSandbox s) => (200, SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("items");
        foreach (var request in s.Requests)
        {
            w.WriteStartObject();
            w.WriteString("method", request.Method);
            w.WriteString("path", request.Path);
            w.WriteNumber("status", request.StatusCode);
            w.WriteString("receivedAt", request.ReceivedAt);
            w.WriteString("trackingId", request.Headers.TryGetValue("TrackingID", out var id) ? id : null);
            if (!request.Path.EndsWith("access_token", StringComparison.Ordinal) && !request.Path.EndsWith("/token", StringComparison.Ordinal))
            {
                w.WriteString("body", request.Body); // never a token request's: it holds the client secret and the refresh token
            }
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }));

    private static void WriteCall(System.Text.Json.Utf8JsonWriter w, SandboxCall call)
    {
        w.WriteStartObject();
        w.WriteString("id", call.Id);
        w.WriteString("state", call.State.ToString());
        w.WriteString("direction", call.Direction.ToString());
        w.WriteString("remoteParty", call.RemoteParty);
        w.WriteEndObject();
    }

    private static string Ok(string message) => SandboxJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static string Error(string message) => Ok(message);

    private static async Task WriteAsync(HttpContext context, (int Status, string Json) answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Json, context.RequestAborted).ConfigureAwait(false);
    }
}
