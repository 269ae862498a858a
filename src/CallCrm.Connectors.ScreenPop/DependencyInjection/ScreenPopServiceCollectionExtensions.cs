using System;
using CallCrm.Connectors.ScreenPop;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the screen-pop service.</summary>
public static class ScreenPopServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ScreenPopService"/> as the singleton <see cref="IScreenPopService"/> and
    /// <see cref="IScreenPopCacheInvalidator"/>, with options validated when the host starts. It needs an
    /// <see cref="CallCrm.Connectors.Providers.ICustomerLookup"/> (for example <c>AddHubSpotCrm</c>), the access policy and the audit
    /// log (<c>AddCallCrmAuditLog</c>, which needs a state store).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="ScreenPopOptions.Region"/> is required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCallCrmScreenPop(this IServiceCollection services, Action<ScreenPopOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ScreenPopOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScreenPopOptions>, ScreenPopOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScreenPopService>(sp => ActivatorUtilities.CreateInstance<ScreenPopService>(sp));
        services.TryAddSingleton<IScreenPopService>(sp => sp.GetRequiredService<ScreenPopService>());
        services.TryAddSingleton<IScreenPopCacheInvalidator>(sp => sp.GetRequiredService<ScreenPopService>());
        return services;
    }
}
