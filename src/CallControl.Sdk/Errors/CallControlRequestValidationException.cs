using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// Thrown before anything is sent when a request breaks one or more of the documented parameter rules (a missing
/// call id, a destination in no documented form, a DTMF character outside <c>0-9 * # A-D ,</c>, ...).
/// <see cref="Violations"/> lists every broken rule, not just the first.
/// </summary>
/// <remarks>Transfer requests throw the derived <see cref="TransferRequestValidationException"/>.</remarks>
public class CallControlRequestValidationException : ArgumentException
{
    /// <summary>Initializes a new instance with the given rule violations.</summary>
    /// <param name="violations">One message per broken rule; each names the parameter and the rule.</param>
    /// <param name="paramName">The parameter most to blame, or <see langword="null"/>.</param>
    public CallControlRequestValidationException(IReadOnlyList<string> violations, string? paramName = null)
        : this("request", violations, paramName)
    {
    }

    /// <summary>Initializes a new instance for a named operation.</summary>
    /// <param name="operation">The operation whose request is invalid, for the message (for example <c>dial</c>).</param>
    /// <param name="violations">One message per broken rule; each names the parameter and the rule.</param>
    /// <param name="paramName">The parameter most to blame, or <see langword="null"/>.</param>
    private protected CallControlRequestValidationException(string operation, IReadOnlyList<string> violations, string? paramName)
        : base(BuildMessage(operation, violations), paramName)
    {
        Violations = violations;
    }

    internal CallControlRequestValidationException(string operation, List<RequestRules.Violation> violations)
        : this(operation + " request", violations.ConvertAll(v => v.Message), violations[0].ParameterName)
    {
    }

    /// <summary>Gets one message per broken rule, each naming the parameter and the rule.</summary>
    public IReadOnlyList<string> Violations { get; }

    private static string BuildMessage(string operation, IReadOnlyList<string> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentOutOfRangeException.ThrowIfZero(violations.Count, nameof(violations));
        return violations.Count == 1
            ? $"The {operation} is invalid: " + violations[0]
            : $"The {operation} is invalid ({violations.Count} problems): " + string.Join(" ", violations.Select((v, i) => $"({i + 1}) {v}"));
    }
}
