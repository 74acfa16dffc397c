using System.Net;

namespace CallControl.Sdk;

/// <summary>Webex answered with an error status (anything but 2xx).</summary>
public class CallControlApiException : CallControlException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status code Webex answered with.</param>
    /// <param name="errorMessage">The <c>message</c> of the Webex error body, if there was one.</param>
    /// <param name="errors">The <c>errors</c> of the Webex error body (empty if none).</param>
    /// <param name="trackingId">The Webex tracking id.</param>
    /// <param name="retryAfter">The parsed <c>Retry-After</c> header, if present and valid.</param>
    /// <param name="outcomeUnknown">Whether the command may have been carried out (500, 502, 504).</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public CallControlApiException(
        string message,
        HttpStatusCode statusCode,
        string? errorMessage,
        IReadOnlyList<CallControlErrorDetail>? errors,
        string? trackingId,
        TimeSpan? retryAfter,
        bool outcomeUnknown,
        Exception? innerException = null)
        : base(message, trackingId, outcomeUnknown, innerException)
    {
        StatusCode = statusCode;
        ErrorMessage = errorMessage;
        Errors = errors ?? [];
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status code Webex answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the <c>message</c> of the Webex error body, or <see langword="null"/> when the body had none (empty, HTML, not JSON).</summary>
    public string? ErrorMessage { get; }

    /// <summary>Gets the entries of the <c>errors</c> array of the Webex error body; empty when there were none.</summary>
    public IReadOnlyList<CallControlErrorDetail> Errors { get; }

    /// <summary>Gets the wait the server asked for in its <c>Retry-After</c> header, when it sent a valid one.</summary>
    public TimeSpan? RetryAfter { get; }
}
