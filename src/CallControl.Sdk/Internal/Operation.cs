using System.Net;

namespace CallControl.Sdk.Internal;

/// <summary>
/// What the pipeline needs to know about an API operation: its name (for messages and telemetry) and whether it is a
/// command (not idempotent: never resent after an ambiguous failure) or a query (safe to retry).
/// </summary>
internal sealed class Operation
{
    private readonly Func<HttpStatusCode, string?>? _hint;

    internal Operation(string name, bool isCommand, Func<HttpStatusCode, string?>? hint = null, string path = "")
    {
        Name = name;
        IsCommand = isCommand;
        _hint = hint;
        Path = path;
        ActivityName = "CallControl " + name;
    }

    internal static Operation Transfer { get; } = new(
        "transfer",
        isCommand: true,
        path: "telephony/calls/transfer",
        hint: status => status == HttpStatusCode.Conflict
            ? "Unanswered incoming calls cannot be transferred; divert them instead (POST telephony/calls/divert)."
            : null);

    internal string Name { get; }

    internal bool IsCommand { get; }

    internal string Method => IsCommand ? "POST" : "GET";

    /// <summary>The path relative to the base address, for logs and traces.</summary>
    internal string Path { get; }

    internal string ActivityName { get; }

    /// <summary>An operation-specific hint added to the exception message for a status, if any.</summary>
    internal string? HintFor(HttpStatusCode status) => _hint?.Invoke(status);
}
