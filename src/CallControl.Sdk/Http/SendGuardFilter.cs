using Microsoft.Extensions.Http;

namespace CallControl.Sdk.Http;

/// <summary>
/// Puts <see cref="SendGuardHandler"/> innermost in the HttpClient pipelines the SDK registers. A filter wraps every
/// other configuration of the pipeline (ConfigureHttpClientDefaults, handlers added to the returned builder, a
/// replaced primary handler), so the guard is added after all of them and sits directly above the transport.
/// </summary>
internal sealed class SendGuardFilter : IHttpMessageHandlerBuilderFilter
{
    private readonly string _name;

    internal SendGuardFilter(string name) => _name = name;

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
        => builder =>
        {
            next(builder);
            if (string.Equals(builder.Name, _name, StringComparison.Ordinal))
            {
                builder.AdditionalHandlers.Add(new SendGuardHandler());
            }
        };
}
