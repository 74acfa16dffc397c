namespace CallControl.Sdk;

/// <summary>One entry of the <c>errors</c> array of a Webex error body.</summary>
public sealed class CallControlErrorDetail
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="description">The error's description.</param>
    /// <param name="errorCode">The Webex error code, when given.</param>
    public CallControlErrorDetail(string? description, long? errorCode)
    {
        Description = description;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the error's description, as Webex wrote it.</summary>
    public string? Description { get; }

    /// <summary>Gets the Webex error code, when given.</summary>
    public long? ErrorCode { get; }

    /// <inheritdoc/>
    public override string ToString() => ErrorCode is null ? Description ?? string.Empty : $"{Description} (errorCode {ErrorCode})";
}
