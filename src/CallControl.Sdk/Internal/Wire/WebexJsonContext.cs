using System.Text.Json.Serialization;

namespace CallControl.Sdk.Internal.Wire;

/// <summary>
/// Source-generated System.Text.Json metadata for every body the SDK reads (answers and webhook events): no
/// reflection, safe for trimming and Native AOT. The bodies it sends have their own context,
/// <see cref="WebexRequestJsonContext"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    MaxDepth = 32)]
[JsonSerializable(typeof(CallCreatedBody))]
[JsonSerializable(typeof(ParkBody))]
[JsonSerializable(typeof(CallBody))]
[JsonSerializable(typeof(CallListBody))]
[JsonSerializable(typeof(ConferenceBody))]
[JsonSerializable(typeof(HistoryListBody))]
[JsonSerializable(typeof(WebhookEventBody))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(WebhookListBody))]
internal sealed partial class WebexJsonContext : JsonSerializerContext;
