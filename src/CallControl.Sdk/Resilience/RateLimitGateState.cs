using System.Globalization;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// What a rate-limit gate's store keeps between turns: until when the gate is closed after a 429, and the pace learned
/// from it. The SDK computes every change (the pacing algorithm exists in the SDK only); a store keeps the state as it
/// was last written and hands it back. A store that persists it writes <see cref="ToString"/> and reads it back with
/// <see cref="Parse"/>.
/// </summary>
/// <remarks>Instants in it are on the store's clock (<see cref="RateLimitGateSnapshot.Now"/>).</remarks>
public sealed class RateLimitGateState
{
    private const string Format = "g1";

    internal RateLimitGateState(in PaceFields fields) => Fields = fields;

    /// <summary>Gets the instant until which the gate is closed after a 429 (in the past once it opened).</summary>
    /// <value>On the store's clock; <see cref="DateTimeOffset.MinValue"/> when no 429 closed it.</value>
    public DateTimeOffset ClosedUntil => Fields.OpenAt <= 0 ? DateTimeOffset.MinValue : new DateTimeOffset(Fields.OpenAt, TimeSpan.Zero);

    internal PaceFields Fields { get; }

    /// <summary>Reads a state written with <see cref="ToString"/>.</summary>
    /// <param name="text">What the store kept; <see langword="null"/> or empty for none.</param>
    /// <returns>
    /// The state; <see langword="null"/> when <paramref name="text"/> is empty or is not a state this version of the SDK
    /// understands (the gate then starts afresh, as after a key that expired: at most one more 429 closes it again).
    /// </returns>
    public static RateLimitGateState? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split(';');
        if (parts.Length != 15 || parts[0] != Format)
        {
            return null;
        }

        var ok = true;
        var fields = new PaceFields(
            OpenAt: Long(1), AskedUntil: Long(2), WindowStart: Long(3), SuccessBase: Long(4), StormAt: Long(5), StormRetryAfter: Long(6),
            StormWhilePacing: Long(7) != 0, ColdUntil: Long(8),
            Rate: Double(9), Capacity: Double(10), Tokens: Double(11), RefilledAt: Long(12), Until: Long(13), RaisedAt: Long(14));
        return ok ? new RateLimitGateState(fields) : null;

        long Long(int i)
        {
            ok &= long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value);
            return value;
        }

        double Double(int i)
        {
            ok &= double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
            return value;
        }
    }

    /// <summary>Gets the state as text for a store to keep (<see cref="Parse"/> reads it back): instants and rates only.</summary>
    /// <returns>One short line of numbers.</returns>
    public override string ToString()
    {
        var f = Fields;
        return string.Join(
            ';',
            Format,
            L(f.OpenAt), L(f.AskedUntil), L(f.WindowStart), L(f.SuccessBase), L(f.StormAt), L(f.StormRetryAfter), f.StormWhilePacing ? "1" : "0", L(f.ColdUntil),
            D(f.Rate), D(f.Capacity), D(f.Tokens), L(f.RefilledAt), L(f.Until), L(f.RaisedAt));

        static string L(long value) => value.ToString(CultureInfo.InvariantCulture);
        static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
