using System.Text.Json;
using CallControl.Sdk.Internal;

namespace CallControl.Sdk;

/// <summary>
/// The wrap-up reasons of a call-queue agent's last completed call
/// (<see cref="CallControlMemberClient.SetWrapupReasonsAsync"/>): <c>POST telephony/calls/members/{memberId}/wrapupreasons</c>.
/// </summary>
public sealed class WrapupReasonsRequest : CallControlRequest
{
    /// <summary>The most reasons one request carries.</summary>
    public const int MaxReasons = 50;

    /// <summary>The longest reason.</summary>
    public const int MaxReasonLength = 256;

    /// <summary>Creates the request.</summary>
    /// <param name="reasons">The reasons, as the queue's wrap-up reasons name them: 1 to 50, each 1 to 256 printable characters.</param>
    /// <exception cref="CallControlRequestValidationException">A reason or their number breaks a rule; nothing is sent.</exception>
    public WrapupReasonsRequest(IEnumerable<string> reasons)
        : base(null, null)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var list = reasons.ToList();
        var violations = new List<RequestRules.Violation>();
        if (list.Count is 0 or > MaxReasons)
        {
            violations.Add(new("reasons", $"reasons must hold 1 to {MaxReasons} reasons (had {list.Count})."));
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]) || list[i].Length > MaxReasonLength || list[i].Any(char.IsControl))
            {
                violations.Add(new("reasons", $"reasons[{i}] must be 1 to {MaxReasonLength} printable characters."));
            }
        }

        RequestRules.ThrowIfAny("wrapupreasons", violations);
        Reasons = list;
    }

    /// <summary>Gets the reasons.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>Returns a copy with a caller-supplied <c>TrackingID</c>.</summary>
    /// <param name="trackingId">The TrackingID header value.</param>
    /// <returns>A copy carrying it.</returns>
    /// <exception cref="CallControlRequestValidationException">The TrackingID breaks a rule.</exception>
    public WrapupReasonsRequest WithTrackingId(string trackingId) => WithTrackingIdCore<WrapupReasonsRequest>(trackingId, "wrapupreasons");

    /// <summary>Gets the reasons, for logs.</summary>
    /// <returns>One line.</returns>
    public override string ToString() => "wrapupReasons=" + string.Join(", ", Reasons);

    internal override byte[] WriteBody()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("wrapupReasons");
            foreach (var reason in Reasons)
            {
                writer.WriteStringValue(reason);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
