using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>Lists the providers registered as keyed services, so that a start-up error can name the ones that exist.</summary>
internal sealed class RegisteredProviders(IServiceCollection services)
{
    public IReadOnlyList<string> NamesOf(Type providerType) =>
        [.. services
            .Where(d => d.IsKeyedService && d.ServiceType == providerType && d.ServiceKey is string)
            .Select(d => (string)d.ServiceKey!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
