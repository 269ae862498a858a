using System;
using System.Globalization;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Contracts;

/// <summary>The failures of reading a contract payload, as <see cref="ConnectorException"/>s with friendly messages.</summary>
/// <remarks>Technical details name the type, the version and the JSON position, never payload values (personal data).</remarks>
internal static class ContractErrors
{
    public static ConnectorException NewerVersion(string type, int version, int oldest, int current) =>
        new(new ConnectorError
        {
            Code = ConnectorErrorCode.UnsupportedContractVersion,
            IsTransient = false,
            TechnicalDetail = string.Create(
                CultureInfo.InvariantCulture,
                $"The {type} payload has contract version {version}; this SDK reads versions {oldest} to {current}. Update CallCrm.Connectors to read it."),
        });

    public static ConnectorException Invalid(string type, string detail, Exception? inner = null) =>
        new(
            new ConnectorError
            {
                Code = ConnectorErrorCode.InvalidRecord,
                IsTransient = false,
                TechnicalDetail = string.Concat("The ", type, " payload is not valid: ", detail),
            },
            inner);
}
