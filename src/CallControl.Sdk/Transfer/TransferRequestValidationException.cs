using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// Thrown before anything is sent when a transfer request breaks one or more of the documented parameter rules.
/// <see cref="Violations"/> lists every broken rule, not just the first.
/// </summary>
public sealed class TransferRequestValidationException : ArgumentException
{
    /// <summary>Initializes a new instance with the given rule violations.</summary>
    /// <param name="violations">One message per broken rule; each names the parameter and the rule.</param>
    /// <param name="paramName">The parameter most to blame, or <see langword="null"/>.</param>
    public TransferRequestValidationException(IReadOnlyList<string> violations, string? paramName = null)
        : base(BuildMessage(violations), paramName)
    {
        Violations = violations;
    }

    internal TransferRequestValidationException(List<RequestRules.Violation> violations)
        : this(violations.ConvertAll(v => v.Message), violations[0].ParameterName)
    {
    }

    /// <summary>Gets one message per broken rule, each naming the parameter and the rule.</summary>
    public IReadOnlyList<string> Violations { get; }

    private static string BuildMessage(IReadOnlyList<string> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        return violations.Count == 1
            ? "The transfer request is invalid: " + violations[0]
            : $"The transfer request is invalid ({violations.Count} problems): " + string.Join(" ", violations.Select((v, i) => $"({i + 1}) {v}"));
    }
}
