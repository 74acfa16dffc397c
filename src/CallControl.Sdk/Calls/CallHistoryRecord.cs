namespace CallControl.Sdk;

/// <summary>One record of the user's call history (Webex keeps up to 20 per type).</summary>
public sealed class CallHistoryRecord
{
    /// <summary>Gets whether the call was placed, missed or received.</summary>
    public CallHistoryType Type { get; init; }

    /// <summary>Gets the other party's name; <see langword="null"/> when unavailable or private.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the other party's number; <see langword="null"/> when unavailable or private.</summary>
    public string? Number { get; init; }

    /// <summary>Gets whether privacy is enabled for the name and number.</summary>
    public bool PrivacyEnabled { get; init; }

    /// <summary>Gets when the record was made: placed, disconnected (missed) or answered (received).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Type} {Name} {Number} {Time:O}".Trim();
}
