namespace CallControl.Sdk;

/// <summary>Why a webhook delivery was refused by <see cref="CallEventParser"/>; a receiver answers by it (401, 413, 400).</summary>
public enum CallEventProblem
{
    /// <summary>A secret is configured but the delivery has no <c>X-Spark-Signature</c>.</summary>
    MissingSignature = 1,

    /// <summary>The signature is not the HMAC-SHA1 of the body with the secret.</summary>
    InvalidSignature = 2,

    /// <summary>The body is larger than <see cref="CallEventParser.MaxBodyBytes"/>.</summary>
    TooLarge = 3,

    /// <summary>The body is not the JSON of a webhook event (or lacks the call id or the event time).</summary>
    Malformed = 4,

    /// <summary>The event is for a resource other than <c>telephony_calls</c>.</summary>
    WrongResource = 5,
}
