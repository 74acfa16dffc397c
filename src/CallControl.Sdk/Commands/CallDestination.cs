using System.Diagnostics.CodeAnalysis;

namespace CallControl.Sdk;

/// <summary>
/// A validated destination, shared by every operation that takes one (transfer, dial, divert, park, retrieve,
/// pickup and barge-in targets): digits, an E.164 number, a <c>tel:</c> URI, a <c>sip:</c> URI, a
/// <c>user@domain</c> address or a feature access code such as <c>*73</c>.
/// </summary>
/// <remarks>
/// Only the forms that the Webex reference documents are accepted, so that a typo is caught before a live call
/// is touched rather than turned into a failed transfer. <see cref="ToString"/> returns the form sent on the wire.
/// </remarks>
public sealed class CallDestination : IEquatable<CallDestination>
{
    private readonly string _value;

    private CallDestination(string value, CallDestinationKind kind)
    {
        _value = value;
        Kind = kind;
    }

    /// <summary>Gets which documented form this destination has.</summary>
    public CallDestinationKind Kind { get; }

    /// <summary>Parses a destination, throwing when it is not one of the documented forms.</summary>
    /// <param name="value">The destination, for example <c>1234</c>, <c>+12223334444</c>, <c>tel:+12223334444</c>,
    /// <c>user@company.domain</c>, <c>sip:user@company.domain</c> or <c>*73</c>.</param>
    /// <returns>The parsed destination.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="value"/> is not one of the documented forms; the message says why.</exception>
    public static CallDestination Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryParseCore(value, out var destination, out var problem)
            ? destination
            : throw new FormatException($"'{Internal.Text.Printable(value)}' is not a valid destination: {problem}");
    }

    /// <summary>Tries to parse a destination.</summary>
    /// <param name="value">The text to parse; <see langword="null"/> yields <see langword="false"/>.</param>
    /// <param name="destination">The parsed destination when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is one of the documented forms.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out CallDestination? destination)
    {
        if (value is null)
        {
            destination = null;
            return false;
        }

        return TryParseCore(value, out destination, out _);
    }

    internal static bool TryParseCore(string value, [NotNullWhen(true)] out CallDestination? destination, [NotNullWhen(false)] out string? problem)
    {
        destination = null;
        problem = Internal.DestinationGrammar.Classify(value, out var kind, out var wireForm);
        if (problem is not null)
        {
            return false;
        }

        destination = new CallDestination(wireForm!, kind);
        return true;
    }

    /// <summary>Returns the destination exactly as it is sent to Webex.</summary>
    /// <returns>The wire form of the destination.</returns>
    public override string ToString() => _value;

    /// <inheritdoc/>
    public bool Equals(CallDestination? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as CallDestination);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two destinations by their wire form.</summary>
    /// <param name="left">The first destination.</param>
    /// <param name="right">The second destination.</param>
    /// <returns><see langword="true"/> when both are null or both have the same wire form.</returns>
    public static bool operator ==(CallDestination? left, CallDestination? right) => Equals(left, right);

    /// <summary>Compares two destinations by their wire form.</summary>
    /// <param name="left">The first destination.</param>
    /// <param name="right">The second destination.</param>
    /// <returns><see langword="true"/> when the wire forms differ.</returns>
    public static bool operator !=(CallDestination? left, CallDestination? right) => !Equals(left, right);
}
