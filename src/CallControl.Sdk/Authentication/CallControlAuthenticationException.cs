using System.Net;

namespace CallControl.Sdk;

/// <summary>Getting an access token failed (for example the refresh token was revoked). Nothing was sent to Call Control.</summary>
public sealed class CallControlAuthenticationException : CallControlException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message (it never contains a secret).</param>
    /// <param name="statusCode">The token endpoint's status code, when it answered.</param>
    /// <param name="trackingId">The token endpoint's tracking id, when it sent one.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public CallControlAuthenticationException(string message, HttpStatusCode? statusCode, string? trackingId, Exception? innerException = null)
        : base(message, trackingId, outcomeUnknown: false, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>Gets the token endpoint's status code, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
