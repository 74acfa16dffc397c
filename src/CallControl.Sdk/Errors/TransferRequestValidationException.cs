using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// Thrown before anything is sent when a transfer request breaks one or more of the documented parameter rules.
/// <see cref="CallControlRequestValidationException.Violations"/> lists every broken rule, not just the first.
/// </summary>
public sealed class TransferRequestValidationException : CallControlRequestValidationException
{
    /// <summary>Initializes a new instance with the given rule violations.</summary>
    /// <param name="violations">One message per broken rule; each names the parameter and the rule.</param>
    /// <param name="paramName">The parameter most to blame, or <see langword="null"/>.</param>
    public TransferRequestValidationException(IReadOnlyList<string> violations, string? paramName = null)
        : base("transfer request", violations, paramName)
    {
    }

    internal TransferRequestValidationException(List<RequestRules.Violation> violations)
        : this(violations.ConvertAll(v => v.Message), violations[0].ParameterName)
    {
    }
}
