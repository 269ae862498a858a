using System;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http;

/// <summary>Reads vendor answers into the SDK's error model: a body that cannot be read is a
/// <see cref="ConnectorErrorCode.MalformedResponse"/>, never a bare <see cref="JsonException"/>.</summary>
public static class ConnectorHttpResponseExtensions
{
    /// <summary>Reads the answer's JSON body with source-generated metadata.</summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="response">The answer.</param>
    /// <param name="typeInfo">The payload's metadata from a <c>JsonSerializerContext</c>.</param>
    /// <param name="systemName">The vendor's name for error messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ConnectorException">The body is empty, not JSON, or not the expected shape (code
    /// <see cref="ConnectorErrorCode.MalformedResponse"/>), or the connection failed while reading.</exception>
    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string? systemName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw Malformed(systemName, "The body is JSON null where " + typeof(T).Name + " was expected.", null);
            }
        }
        catch (JsonException ex)
        {
            // The JSON path and position locate the fault without quoting the data.
            throw Malformed(systemName, "The body is not a valid " + typeof(T).Name + " (at " + (ex.Path ?? "$") + ").", ex);
        }
        catch (Exception ex) when (ex is not ConnectorException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw ConnectorErrorClassifier.ToConnectorException(ex, systemName);
        }
    }

    private static ConnectorException Malformed(string? systemName, string detail, Exception? inner) => new(
        new ConnectorError { Code = ConnectorErrorCode.MalformedResponse, SystemName = systemName, TechnicalDetail = detail },
        inner);
}
