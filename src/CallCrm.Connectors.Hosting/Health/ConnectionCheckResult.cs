using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Health;

/// <summary>The answer of one provider's <see cref="IConnectionCheck"/>.</summary>
/// <param name="Role">What the streams use the provider as (<c>call source</c>, <c>CRM sink</c>, ...).</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="Error">The failure, or <see langword="null"/> when the provider connected.</param>
internal sealed record ConnectionCheckResult(string Role, string Provider, ConnectorError? Error);
