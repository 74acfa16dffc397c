using Microsoft.Extensions.Http;

namespace CallControl.Sdk.Http;

/// <summary>
/// Puts <see cref="SendGuardHandler"/> innermost in the HttpClient pipelines the SDK registers. A filter wraps every
/// other configuration of the pipeline (ConfigureHttpClientDefaults, handlers added to the returned builder, a
/// replaced primary handler), so the guard is added after all of them and sits directly above the transport.
/// </summary>
internal sealed class SendGuardFilter : IHttpMessageHandlerBuilderFilter
{
    private readonly Internal.CallControlRegistrations _registrations;

    internal SendGuardFilter(Internal.CallControlRegistrations registrations) => _registrations = registrations;

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
        => builder =>
        {
            next(builder);
            if (_registrations.OwnsHttpClient(builder.Name))
            {
                builder.AdditionalHandlers.Add(new SendGuardHandler());
            }
        };
}
