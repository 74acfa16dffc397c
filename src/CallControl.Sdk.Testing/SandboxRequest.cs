namespace CallControl.Sdk.Testing;

/// <summary>A request the sandbox received, with the status it answered.</summary>
public sealed record SandboxRequest
{
    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the request path, such as <c>/v1/telephony/calls/transfer</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the request headers (the first value of each), with case-insensitive names.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the request body as text (empty when there was none).</summary>
    public required string Body { get; init; }

    /// <summary>Gets the status code the sandbox answered with (0 when it dropped the connection).</summary>
    public required int StatusCode { get; init; }

    /// <summary>Gets when the request arrived, on the sandbox's clock.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets the id of the connection the request came on: requests with one id shared a pooled connection.</summary>
    public string ConnectionId { get; init; } = string.Empty;
}
