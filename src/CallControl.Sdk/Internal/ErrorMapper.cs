using System.Net;
using System.Text;
using System.Text.Json;

namespace CallControl.Sdk.Internal;

/// <summary>
/// The one place that turns failures into the SDK's exceptions: error responses, transport failures and timeouts.
/// It also owns the two classifications the rest of the SDK relies on: which statuses are ambiguous for a command,
/// and which transport failures provably happened before the request left.
/// </summary>
internal static class ErrorMapper
{
    /// <summary>
    /// Every 5xx but 501, 503 and 505 (and anything above 599): the server, or the origin behind a proxy answering 520
    /// or 524, may have acted before it failed, so a command's outcome is unknown. 501 and 505 refuse the request as
    /// such, and 503 says the service did not take it.
    /// </summary>
    internal static bool IsAmbiguous(HttpStatusCode status)
        => (int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.ServiceUnavailable or HttpStatusCode.HttpVersionNotSupported);

    /// <summary>
    /// True for failures that happen while connecting (refused, DNS, TLS handshake, proxy tunnel): the request
    /// never left this machine, so even a command may be retried and its outcome is known (not carried out).
    /// </summary>
    internal static bool ProvablyNotSent(Exception exception)
        => exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError };

    /// <summary>Reads (a bounded part of) the error body, disposes the response and builds the exception with the Retry-After parsed when the answer arrived.</summary>
    internal static async ValueTask<CallControlApiException> FromResponseAsync(
        HttpResponseMessage response, TimeSpan? retryAfter, Operation operation, string sentTrackingId, int attempts, bool earlierMayHaveActed, Func<string?, string?> redact, CancellationToken cancellationToken)
    {
        using (response)
        {
            var status = response.StatusCode;
            var headerTrackingId = ReadTrackingIdHeader(response);

            ErrorBody body = default;
            try
            {
                var (bytes, _) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
                body = ErrorBody.Parse(bytes, redact);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
            {
                // The status already tells the story; a body that cannot be read (broken, endless, cancelled) only loses the details.
            }

            var trackingId = body.TrackingId ?? headerTrackingId ?? sentTrackingId;
            var outcomeUnknown = operation.IsCommand && (IsAmbiguous(status) || earlierMayHaveActed);
            var message = BuildMessage(operation, status, redact(response.ReasonPhrase), body.Message, retryAfter, outcomeUnknown, trackingId);
            return new CallControlApiException(message, status, body.Message, body.Errors, trackingId, retryAfter, outcomeUnknown)
            {
                Attempts = attempts,
            };
        }
    }

    /// <summary>
    /// Maps an exception from sending (not a cancellation). <paramref name="mayHaveActed"/> is the operation's own
    /// record (<see cref="OperationRun.MayHaveActed"/>), the one source of the outcome.
    /// </summary>
    internal static CallControlException FromTransport(Exception exception, Operation operation, string trackingId, int attempts, bool mayHaveActed, Func<string?, string?> redact)
    {
        if (exception is Http.InsecureRequestRefusedException insecure)
        {
            return new CallControlException($"The Webex Call Control {operation.Name} was not sent: {insecure.Message} TrackingID: {trackingId}.", trackingId, outcomeUnknown: false, exception) { Attempts = attempts };
        }

        if (exception is Http.CommandResendRefusedException)
        {
            var refusal = $"The Webex Call Control {operation.Name} failed: a handler in the HttpClient pipeline (for example AddStandardResilienceHandler " +
                "or AddStandardHedgingHandler, or a DelegatingHandler of your own) tried to send it a second time, and the SDK refused, because a command " +
                $"must never be sent twice. {(mayHaveActed ? "The first send got no answer that proves it was not carried out." : "The first send was answered without being carried out.")}" +
                $" See docs/resilience.md to keep such handlers off commands.{UnknownAdvice(operation, mayHaveActed)} TrackingID: {trackingId}.";
            return new CallControlException(refusal, trackingId, mayHaveActed, exception) { Attempts = attempts };
        }

        var what = ProvablyNotSent(exception)
            ? "could not connect to Webex, so nothing was sent"
            : mayHaveActed || !operation.IsCommand
                ? "lost the connection to Webex after the request was sent"
                : "the request failed before it reached Webex";
        var message = $"The Webex Call Control {operation.Name} failed: {what} ({Text.Printable(redact(exception.Message), 200)}).{UnknownAdvice(operation, mayHaveActed)} TrackingID: {trackingId}.";
        return new CallControlException(message, trackingId, mayHaveActed, exception) { Attempts = attempts };
    }

    /// <summary>The token provider threw, or returned a token that cannot be sent; nothing was sent with it.</summary>
    internal static CallControlAuthenticationException TokenUnavailable(Operation operation, string trackingId, int attempts, bool refreshing, string problem, Exception? inner)
    {
        var what = refreshing ? "refreshing the access token after a 401 failed" : "the token provider did not supply a usable access token";
        var message = $"The Webex Call Control {operation.Name} failed: {what}: {problem}. Nothing was sent with it. TrackingID: {trackingId}.";
        // The token endpoint's status (401 invalid_client, 400 invalid_grant) stays on the exception the caller catches.
        return new CallControlAuthenticationException(message, (inner as CallControlAuthenticationException)?.StatusCode, trackingId, inner) { Attempts = attempts };
    }

    /// <summary>The caller's token was cancelled: a typed cancellation that keeps the outcome and the TrackingID.</summary>
    internal static CallControlOperationCanceledException Canceled(Exception? inner, Operation operation, string trackingId, int attempts, bool mayHaveActed, CancellationToken callerToken)
    {
        var when = mayHaveActed
            ? $"after the request was sent; the {operation.Name} may have been carried out: check the calls before sending it again"
            : attempts == 0 ? "before anything was sent" : "while no request was in flight; it was not carried out";
        var message = $"The Webex Call Control {operation.Name} was cancelled by the caller {when}. TrackingID: {trackingId}.";
        return new CallControlOperationCanceledException(message, trackingId, mayHaveActed, attempts, inner, callerToken);
    }

    /// <summary>The client was disposed while the operation ran: unknown when a command was on the wire, otherwise an <see cref="ObjectDisposedException"/>.</summary>
    internal static Exception Disposed(Operation operation, string trackingId, int attempts, bool mayHaveActed)
    {
        if (mayHaveActed)
        {
            var message = $"The Webex Call Control {operation.Name} was interrupted: the CallControlClient was disposed while the request was on its way.{UnknownAdvice(operation, true)} TrackingID: {trackingId}.";
            return new CallControlException(message, trackingId, outcomeUnknown: true, new ObjectDisposedException(nameof(CallControlClient))) { Attempts = attempts };
        }

        return new ObjectDisposedException(nameof(CallControlClient), $"The CallControlClient was disposed before the {operation.Name} completed; {(operation.IsCommand ? "it was not carried out" : "it was abandoned")}. TrackingID: {trackingId}.");
    }

    /// <summary>
    /// The operation's time budget ran out, or (<paramref name="budget"/> null) a caller-owned HttpClient's own Timeout
    /// fired, or (<paramref name="which"/> given) a query's attempts each timed out.
    /// </summary>
    internal static CallControlException Timeout(Exception exception, Operation operation, string trackingId, TimeSpan? budget, TimeoutPhase phase, bool mayHaveActed, int attempts, string? which = null)
    {
        var when = phase switch
        {
            TimeoutPhase.AwaitingAnswer => "while waiting for Webex to answer",
            TimeoutPhase.ReadingAnswer => "while reading Webex's answer",
            _ => attempts == 0 ? "before the request was sent" : "between attempts, with no request in flight",
        };
        which ??= budget is { } b ? $"the operation's Timeout of {b.TotalSeconds:0.###} s" : "the HttpClient's own Timeout";
        var message = $"The Webex Call Control {operation.Name} timed out {when} ({which}).{UnknownAdvice(operation, mayHaveActed)} TrackingID: {trackingId}.";
        return new CallControlException(message, trackingId, mayHaveActed, new TimeoutException(message, exception)) { Attempts = attempts };
    }

    /// <summary>The shared rate-limit gate is closed for longer than the caller may wait: fail without sending.</summary>
    internal static CallControlApiException GateClosed(Operation operation, string trackingId, TimeSpan wait, int attempts)
    {
        var message = $"The Webex Call Control {operation.Name} was not sent: the client is rate limited (429) for another {wait.TotalSeconds:0.###} s, " +
            $"longer than it may wait (Retry.MaxRetryAfter or the operation's Timeout). Retry after that. TrackingID: {trackingId}.";
        return new CallControlApiException(message, HttpStatusCode.TooManyRequests, null, null, trackingId, wait, outcomeUnknown: false) { Attempts = attempts };
    }

    /// <summary>A query succeeded but its answer cannot be read: empty, too large, HTML, truncated or wrongly shaped JSON.</summary>
    internal static CallControlException UnreadableAnswer(Operation operation, HttpResponseMessage response, string problem, string trackingId, int attempts, Exception? inner)
    {
        var message = $"The Webex Call Control {operation.Name} answered {(int)response.StatusCode} but its answer could not be read: {problem}. TrackingID: {trackingId}.";
        return new CallControlException(message, trackingId, outcomeUnknown: false, inner) { Attempts = attempts };
    }

    internal static string? ReadTrackingIdHeader(HttpResponseMessage response)
    {
        if (response.Headers.NonValidated.TryGetValues("TrackingID", out var values))
        {
            foreach (var value in values)
            {
                return Text.Printable(value, RequestRules.MaxTrackingIdLength);
            }
        }

        return null;
    }

    private static string BuildMessage(Operation operation, HttpStatusCode status, string? reason, string? errorMessage, TimeSpan? retryAfter, bool outcomeUnknown, string trackingId)
    {
        var builder = new StringBuilder(256)
            .Append("The Webex Call Control ").Append(operation.Name).Append(" failed with ")
            .Append((int)status).Append(' ').Append(Text.Printable(reason ?? status.ToString(), 60));
        if (!string.IsNullOrWhiteSpace(errorMessage))
        {
            builder.Append(": ").Append(Text.Printable(errorMessage, 300).TrimEnd().TrimEnd('.'));
        }

        builder.Append('.');
        if (operation.HintFor(status, errorMessage) is { } hint)
        {
            builder.Append(' ').Append(hint);
        }

        if (GeneralHint(status) is { } general)
        {
            builder.Append(' ').Append(general);
        }

        if (retryAfter is { } wait)
        {
            builder.Append(" Retry-After: ").Append(wait.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append(" s.");
        }

        builder.Append(UnknownAdvice(operation, outcomeUnknown));
        return builder.Append(" TrackingID: ").Append(trackingId).Append('.').ToString();
    }

    private static string? GeneralHint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Check the access token: it may be missing, expired or revoked.",
        HttpStatusCode.Forbidden => "The token lacks permission: commands need the spark:calls_write scope and a Webex Calling user.",
        HttpStatusCode.NotFound => "The call id may be stale (the call ended) or belong to another user.",
        >= HttpStatusCode.MultipleChoices and < HttpStatusCode.BadRequest => "Redirects are not followed, so the Authorization header never reaches another host; check BaseAddress.",
        _ => null,
    };

    private static string UnknownAdvice(Operation operation, bool outcomeUnknown)
        => outcomeUnknown
            ? $" The {operation.Name} may have been carried out: check the calls before sending it again."
            : string.Empty;

    /// <summary>Where an operation was when its time ran out.</summary>
    internal enum TimeoutPhase
    {
        /// <summary>No request was in flight (waiting at the gate, for a retry, or for a token).</summary>
        NotSending,

        /// <summary>The request was sent and its answer had not arrived.</summary>
        AwaitingAnswer,

        /// <summary>The answer's status had arrived and its body was being read.</summary>
        ReadingAnswer,
    }

    /// <summary>The documented Webex error body; every field optional and tolerated when of the wrong type.</summary>
    private readonly record struct ErrorBody(string? Message, IReadOnlyList<CallControlErrorDetail>? Errors, string? TrackingId)
    {
        internal static ErrorBody Parse(byte[] bytes, Func<string?, string?> redact)
        {
            if (bytes.Length == 0)
            {
                return default;
            }

            try
            {
                using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return default;
                }

                List<CallControlErrorDetail>? errors = null;
                if (root.TryGetProperty("errors", out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    errors = [];
                    foreach (var item in array.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            errors.Add(new CallControlErrorDetail(redact(StringOf(item, "description")), NumberOf(item, "errorCode")));
                        }

                        if (errors.Count == 20)
                        {
                            break;
                        }
                    }
                }

                var message = redact(StringOf(root, "message")) ?? errors?.FirstOrDefault(e => e.Description is not null)?.Description;
                var trackingId = StringOf(root, "trackingId");
                return new ErrorBody(message, errors, trackingId is null ? null : Text.Printable(trackingId, RequestRules.MaxTrackingIdLength));
            }
            catch (JsonException)
            {
                // HTML from a gateway, truncated JSON, or anything else: the status code still tells the story.
                return default;
            }
        }

        private static string? StringOf(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long? NumberOf(JsonElement element, string name)
            => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
    }
}
