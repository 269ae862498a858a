using System;
using CallCrm.Connectors.Errors;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Normalization;

namespace CallCrm.Connectors.Sync.Transforms;

/// <summary>A cleansing rule for call records: normalizes the calling and called numbers to E.164 with the Core package's
/// <see cref="IPhoneNumberNormalizer"/>, and dead-letters records whose caller number is required but unusable.</summary>
/// <remarks>The raw numbers are kept; a number that cannot be normalized keeps no E.164 form. The resulting error never holds the number.</remarks>
public sealed class PhoneNumberTransform : IRecordTransform<CallRecord>
{
    private readonly IPhoneNumberNormalizer _normalizer;

    /// <summary>Initializes a new instance of the <see cref="PhoneNumberTransform"/> class.</summary>
    /// <param name="normalizer">The normalizer (with the contact center's default region).</param>
    public PhoneNumberTransform(IPhoneNumberNormalizer normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        _normalizer = normalizer;
    }

    /// <summary>Gets or sets whether a record whose calling number cannot be normalized goes to dead letters.</summary>
    /// <value>The default value is <see langword="false"/>: withheld and unknown numbers are common and not an error.</value>
    public bool RequireCaller { get; set; }

    /// <inheritdoc />
    public CallRecord Transform(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var from = Normalize(record.From, out var fromResult);
        if (RequireCaller && fromResult is { IsValid: false })
        {
            throw new ConnectorException(fromResult.ToConnectorError("from"));
        }

        var to = Normalize(record.To, out _);
        return ReferenceEquals(from, record.From) && ReferenceEquals(to, record.To) ? record : record with { From = from, To = to };
    }

    private PhoneNumber Normalize(PhoneNumber number, out PhoneNumberResult? result)
    {
        // A number that already has its E.164 form (from the source) is left as it is.
        if (number.E164 is not null)
        {
            result = null;
            return number;
        }

        result = _normalizer.Normalize(number.Raw);
        return result.IsValid ? result.ToPhoneNumber() : number;
    }
}
