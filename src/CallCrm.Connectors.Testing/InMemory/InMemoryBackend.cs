using System.Net.Http;
using System.Threading;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Testing.InMemory;

/// <summary>What the in-memory vendor backends share: a name and a switchable <see cref="BackendFault"/>.</summary>
/// <remarks>The in-memory providers report faults exactly as an HTTP provider would, through
/// <see cref="ConnectorErrorClassifier"/>: a 503 for <see cref="BackendFault.ServiceUnavailable"/>, a refused connection for
/// <see cref="BackendFault.Unreachable"/>, a 401 for <see cref="BackendFault.CredentialsRejected"/>. Members are thread-safe.</remarks>
public abstract class InMemoryBackend
{
    private volatile BackendFault fault;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBackend"/> class.</summary>
    /// <param name="systemName">The name errors give the system, shown to people.</param>
    protected InMemoryBackend(string systemName)
    {
        System.ArgumentException.ThrowIfNullOrWhiteSpace(systemName);
        SystemName = systemName;
    }

    /// <summary>Gets the name errors give the system, shown to people.</summary>
    public string SystemName { get; }

    /// <summary>Gets or sets the failure every request to the backend meets.</summary>
    /// <value>The default value is <see cref="BackendFault.None"/>.</value>
    public BackendFault Fault
    {
        get => fault;
        set => fault = value;
    }

    /// <summary>Gets the lock that guards the backend's data.</summary>
    private protected Lock Gate { get; } = new();

    /// <summary>Throws the <see cref="ConnectorException"/> a provider reports for the current <see cref="Fault"/>, if any.</summary>
    /// <exception cref="ConnectorException">The backend is faulted.</exception>
    internal void ThrowIfFaulted()
    {
        var error = Fault switch
        {
            BackendFault.ServiceUnavailable => ConnectorErrorClassifier.FromHttpResponse(503, SystemName),
            BackendFault.CredentialsRejected => ConnectorErrorClassifier.FromHttpResponse(401, SystemName),
            BackendFault.Unreachable => ConnectorErrorClassifier.FromException(
                new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused by the in-memory backend."),
                SystemName),
            _ => null,
        };

        if (error is not null)
        {
            throw new ConnectorException(error);
        }
    }
}
