using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Providers;

/// <summary>
/// Implemented by a provider that can tell, with one cheap request that changes nothing, whether its system is reachable
/// and accepts the configured credentials. The host runs it once at start (so a wrong token is reported before there is
/// anything to write) and a health check runs it on demand.
/// </summary>
/// <remarks>
/// Optional: a provider without it is simply not checked. The answer is a value, not an exception, because a refused
/// credential is an expected result of a check; only cancellation throws. Implementations are thread-safe.
/// </remarks>
public interface IConnectionCheck
{
    /// <summary>Checks that the system is reachable and accepts the credentials.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="null"/> when the system answered and accepted the credentials; otherwise the failure
    /// (<see cref="ConnectorErrorCode.AuthenticationFailed"/> for refused credentials, a transient error when the system
    /// could not be reached), whose <see cref="ConnectorError.GetUserMessage"/> says what to fix.</returns>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<ConnectorError?> CheckConnectionAsync(CancellationToken cancellationToken = default);
}
