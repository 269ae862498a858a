using System;
using System.Globalization;

namespace CallCrm.Connectors.Errors;

/// <summary>The one exception type the SDK throws for failures of the systems it connects, carrying a <see cref="ConnectorError"/>.</summary>
public class ConnectorException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ConnectorException"/> class.</summary>
    public ConnectorException()
        : this(new ConnectorError { Code = ConnectorErrorCode.Unknown })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectorException"/> class.</summary>
    /// <param name="message">The technical message.</param>
    public ConnectorException(string message)
        : this(new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = message })
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectorException"/> class.</summary>
    /// <param name="message">The technical message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ConnectorException(string message, Exception? innerException)
        : this(new ConnectorError { Code = ConnectorErrorCode.Unknown, TechnicalDetail = message }, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ConnectorException"/> class.</summary>
    /// <param name="error">The error.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public ConnectorException(ConnectorError error, Exception? innerException = null)
        : base(BuildMessage(error), innerException)
    {
        Error = error;
    }

    /// <summary>Gets the error.</summary>
    public ConnectorError Error { get; }

    /// <summary>Gets the stable error code.</summary>
    public ConnectorErrorCode Code => Error.Code;

    /// <summary>Gets whether trying again later may succeed.</summary>
    public bool IsTransient => Error.IsTransient;

    /// <summary>Gets the message for the person in front of the screen, in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    /// <remarks><see cref="Exception.Message"/> is for logs; show this instead. See <see cref="ConnectorError.GetUserMessage(CultureInfo?)"/>.</remarks>
    public string UserMessage => Error.GetUserMessage();

    private static string BuildMessage(ConnectorError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        // The exception message is for logs, so it leads with the code; without a technical detail it carries the
        // English friendly message rather than a bare code.
        return string.Concat(error.Code.Value, ": ", error.TechnicalDetail ?? error.GetUserMessage(CultureInfo.InvariantCulture));
    }
}
