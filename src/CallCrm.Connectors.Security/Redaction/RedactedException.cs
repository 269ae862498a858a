using System;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Stands in for an exception on its way to a log provider: same type name, stack trace and inner exceptions as text, with
/// personal data and secrets redacted from every message (a URL with a token, a SQL error quoting a phone number).</summary>
internal sealed class RedactedException : Exception
{
    private readonly string text;
    private readonly string? stackTrace;

    public RedactedException(Exception original)
        : base(PiiRedactor.Redact(original.Message))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        text = PiiRedactor.Redact(original.ToString()) ?? OriginalType;
        stackTrace = original.StackTrace;
        HResult = original.HResult;
        Source = original.Source;
    }

    public RedactedException()
        : this(new InvalidOperationException())
    {
    }

    public RedactedException(string message)
        : this(new InvalidOperationException(message))
    {
    }

    public RedactedException(string message, Exception innerException)
        : this(new InvalidOperationException(message, innerException))
    {
    }

    public string OriginalType { get; }

    public override string? StackTrace => stackTrace;

    public override string ToString() => text;
}
