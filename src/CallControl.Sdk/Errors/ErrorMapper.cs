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
    /// <summary>500, 502 and 504: the server may have acted before it failed, so a command's outcome is unknown.</summary>
    internal static bool IsAmbiguous(HttpStatusCode status)
        => status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// True for failures that happen while connecting (refused, DNS, TLS handshake, proxy tunnel): the request
    /// never left this machine, so even a command may be retried and its outcome is known (not carried out).
    /// </summary>
    internal static bool ProvablyNotSent(Exception exception)
        => exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError };

    /// <summary>Reads (a bounded part of) the error body, disposes the response and builds the exception.</summary>
    internal static async ValueTask<CallControlApiException> FromResponseAsync(
        HttpResponseMessage response, Operation operation, string sentTrackingId, DateTimeOffset now, int attempts, CancellationToken cancellationToken)
    {
        using (response)
        {
            var status = response.StatusCode;
            var retryAfter = RetryAfterParser.Parse(response, now);
            var headerTrackingId = ReadTrackingIdHeader(response);

            ErrorBody body = default;
            try
            {
                var (bytes, _) = await BoundedBody.ReadAsync(response.Content, CallControlDefaults.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
                body = ErrorBody.Parse(bytes);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
            {
                // The status already tells the story; a body that cannot be read (broken, endless, cancelled) only loses the details.
            }

            var trackingId = body.TrackingId ?? headerTrackingId ?? sentTrackingId;
            var outcomeUnknown = operation.IsCommand && IsAmbiguous(status);
            var message = BuildMessage(operation, status, response.ReasonPhrase, body.Message, retryAfter, outcomeUnknown, trackingId);
            return new CallControlApiException(message, status, body.Message, body.Errors, trackingId, retryAfter, outcomeUnknown)
            {
                Attempts = attempts,
            };
        }
    }

    /// <summary>Maps an exception from sending (not the caller's own cancellation, which is rethrown as is).</summary>
    internal static CallControlException FromTransport(Exception exception, Operation operation, string trackingId, int attempts)
    {
        var notSent = ProvablyNotSent(exception);
        var outcomeUnknown = operation.IsCommand && !notSent;
        var what = notSent
            ? "could not connect to Webex, so nothing was sent"
            : "lost the connection to Webex after the request was sent";
        var message = $"The Webex Call Control {operation.Name} failed: {what} ({Text.Printable(exception.Message, 200)}).{UnknownAdvice(operation, outcomeUnknown)} TrackingID: {trackingId}.";
        return new CallControlException(message, trackingId, outcomeUnknown, exception) { Attempts = attempts };
    }

    /// <summary>
    /// The operation's time budget ran out, or (<paramref name="budget"/> null) a caller-owned HttpClient's own Timeout
    /// fired, or (<paramref name="which"/> given) a query's attempts each timed out.
    /// </summary>
    internal static CallControlException Timeout(Exception exception, Operation operation, string trackingId, TimeSpan? budget, bool requestInFlight, int attempts, string? which = null)
    {
        var outcomeUnknown = operation.IsCommand && requestInFlight;
        var when = requestInFlight ? "while waiting for Webex to answer" : "before the request was sent";
        which ??= budget is { } b ? $"the operation's Timeout of {b.TotalSeconds:0.###} s" : "the HttpClient's own Timeout";
        var message = $"The Webex Call Control {operation.Name} timed out {when} ({which}).{UnknownAdvice(operation, outcomeUnknown)} TrackingID: {trackingId}.";
        return new CallControlException(message, trackingId, outcomeUnknown, new TimeoutException(message, exception)) { Attempts = attempts };
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
        if (operation.HintFor(status) is { } hint)
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

    /// <summary>The documented Webex error body; every field optional and tolerated when of the wrong type.</summary>
    private readonly record struct ErrorBody(string? Message, IReadOnlyList<CallControlErrorDetail>? Errors, string? TrackingId)
    {
        internal static ErrorBody Parse(byte[] bytes)
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
                            errors.Add(new CallControlErrorDetail(StringOf(item, "description"), NumberOf(item, "errorCode")));
                        }

                        if (errors.Count == 20)
                        {
                            break;
                        }
                    }
                }

                var message = StringOf(root, "message") ?? errors?.FirstOrDefault(e => e.Description is not null)?.Description;
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
