using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CallControl.Sdk.Internal;
using CallControl.Sdk.Internal.Wire;

namespace CallControl.Sdk;

/// <summary>
/// Verifies and reads one <c>telephony_calls</c> webhook delivery. Hand it the exact bytes received (before any JSON
/// parsing or re-encoding), the <c>X-Spark-Signature</c> header and the webhook's secret. It never throws anything but
/// <see cref="CallEventValidationException"/> for a bad delivery (and <see cref="ArgumentException"/> for an empty secret).
/// </summary>
public static class CallEventParser
{
    /// <summary>The largest body accepted: 1 MiB (a call event is about 1 KB).</summary>
    public static readonly int MaxBodyBytes = 1024 * 1024;

    /// <summary>The resource of call events.</summary>
    internal const string Resource = "telephony_calls";

    private const int Sha1Bytes = 20;

    /// <summary>Verifies the delivery (when <paramref name="secret"/> is given) and reads its event.</summary>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="signature">The <c>X-Spark-Signature</c> header: lowercase (or uppercase) hex HMAC-SHA1 of the body.</param>
    /// <param name="secret">The webhook's secret, or <see langword="null"/> for a webhook created without one (nothing is verified).</param>
    /// <returns>The event.</returns>
    /// <exception cref="CallEventValidationException">The delivery is not a valid, authentic call event; <see cref="CallEventValidationException.Problem"/> says why.</exception>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty (pass <see langword="null"/> to skip verification).</exception>
    public static CallEvent Parse(ReadOnlySpan<byte> body, string? signature, string? secret)
    {
        if (secret is { Length: 0 })
        {
            throw new ArgumentException("The webhook secret is empty; pass null for a webhook created without a secret.", nameof(secret));
        }

        if (body.Length > MaxBodyBytes)
        {
            throw new CallEventValidationException(CallEventProblem.TooLarge, $"The webhook delivery is {body.Length} bytes; at most {MaxBodyBytes} are accepted.");
        }

        if (secret is not null)
        {
            Verify(body, signature, secret);
        }

        WebhookEventBody? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, WebexJsonContext.Default.WebhookEventBody);
        }
        catch (JsonException ex)
        {
            throw new CallEventValidationException(CallEventProblem.Malformed, "The webhook delivery is not the JSON of a webhook event.", ex);
        }

        if (envelope is null)
        {
            throw new CallEventValidationException(CallEventProblem.Malformed, "The webhook delivery is JSON null.");
        }

        if (!string.Equals(envelope.Resource, Resource, StringComparison.Ordinal))
        {
            throw new CallEventValidationException(CallEventProblem.WrongResource, $"The webhook event is for resource '{Text.Printable(envelope.Resource ?? "(none)", 40)}', not '{Resource}'.");
        }

        var data = envelope.Data ?? throw new CallEventValidationException(CallEventProblem.Malformed, "The webhook event has no data.");
        if (string.IsNullOrEmpty(data.CallId))
        {
            throw new CallEventValidationException(CallEventProblem.Malformed, "The webhook event's data has no callId.");
        }

        if (CallMapper.ParseTime(data.EventTimestamp) is not { } timestamp)
        {
            throw new CallEventValidationException(CallEventProblem.Malformed, "The webhook event's data has no readable eventTimestamp.");
        }

        return new CallEvent
        {
            EventType = WireNames.ParseEventType(data.EventType),
            Timestamp = timestamp,
            CallId = data.CallId,
            CallSessionId = data.CallSessionId,
            Call = CallMapper.ToDetails(data, data.CallId),
            WebhookId = envelope.Id,
            WebhookName = envelope.Name,
            Event = envelope.Event,
            ActorId = envelope.ActorId,
            OrgId = envelope.OrgId,
        };
    }

    /// <summary>The signature Webex sends for <paramref name="body"/>: lowercase hex HMAC-SHA1 keyed with the secret's UTF-8 bytes.</summary>
    /// <param name="body">The body.</param>
    /// <param name="secret">The webhook's secret.</param>
    /// <returns>The <c>X-Spark-Signature</c> value.</returns>
    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[Sha1Bytes];
        Hash(body, secret, hash);
        return Convert.ToHexStringLower(hash);
    }

    private static void Verify(ReadOnlySpan<byte> body, string? signature, string secret)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new CallEventValidationException(CallEventProblem.MissingSignature, "The webhook delivery has no X-Spark-Signature, but a secret is configured.");
        }

        Span<byte> sent = stackalloc byte[Sha1Bytes];
        var hex = signature.AsSpan().Trim();
        if (hex.Length != Sha1Bytes * 2 || Convert.FromHexString(hex, sent, out _, out var written) != OperationStatus.Done || written != Sha1Bytes)
        {
            throw new CallEventValidationException(CallEventProblem.InvalidSignature, "The webhook delivery's X-Spark-Signature is not a 40-digit hex HMAC-SHA1.");
        }

        Span<byte> expected = stackalloc byte[Sha1Bytes];
        Hash(body, secret, expected);
        if (!CryptographicOperations.FixedTimeEquals(sent, expected))
        {
            throw new CallEventValidationException(CallEventProblem.InvalidSignature, "The webhook delivery's X-Spark-Signature does not match its body and the configured secret.");
        }
    }

    private static void Hash(ReadOnlySpan<byte> body, string secret, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = null;
        var key = length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var keyLength = Encoding.UTF8.GetBytes(secret, key);
            HMACSHA1.HashData(key[..keyLength], body, destination);
        }
        finally
        {
            key.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
