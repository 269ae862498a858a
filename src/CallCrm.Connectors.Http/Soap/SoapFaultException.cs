using System;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Http.Soap;

/// <summary>A <see cref="ConnectorException"/> for a SOAP fault, carrying the fault for callers that read its detail.</summary>
public sealed class SoapFaultException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="SoapFaultException"/> class.</summary>
    /// <param name="error">The error the fault maps to.</param>
    /// <param name="fault">The fault.</param>
    public SoapFaultException(ConnectorError error, SoapFault fault)
        : base(error)
    {
        ArgumentNullException.ThrowIfNull(fault);
        Fault = fault;
    }

    /// <summary>Gets the fault as the service sent it.</summary>
    public SoapFault Fault { get; }
}
