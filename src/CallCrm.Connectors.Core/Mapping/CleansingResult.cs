using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CallCrm.Connectors.Errors;

namespace CallCrm.Connectors.Mapping;

/// <summary>The outcome of <see cref="FieldRuleSet.Apply(IReadOnlyDictionary{string, string})"/>: the cleaned fields and
/// the problems found.</summary>
public sealed class CleansingResult
{
    internal CleansingResult(IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldProblem> problems)
    {
        Values = values;
        Problems = problems;
    }

    /// <summary>Gets the cleaned fields, by name (fields whose cleaned value is <see langword="null"/> left out), ready to
    /// be a record's <c>CustomFields</c> again.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Gets the problems found, in the order found.</summary>
    public IReadOnlyList<FieldProblem> Problems { get; }

    /// <summary>Gets whether any problem is an error, in which case the record should be dead-lettered.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == FieldProblemSeverity.Error);

    /// <summary>Describes the errors as one SDK error for dead-lettering the record: the errors' code when they share one
    /// (for example <see cref="ConnectorErrorCode.InvalidDateTime"/>), otherwise <see cref="ConnectorErrorCode.InvalidRecord"/>,
    /// with one <see cref="FieldError"/> per error.</summary>
    /// <returns>The error (never transient).</returns>
    /// <exception cref="InvalidOperationException">There is no error (see <see cref="HasErrors"/>).</exception>
    public ConnectorError ToConnectorError()
    {
        FieldProblem[] errors = [.. Problems.Where(p => p.Severity == FieldProblemSeverity.Error)];
        if (errors.Length == 0)
        {
            throw new InvalidOperationException("The record has no field errors: there is no failure to describe.");
        }

        ConnectorErrorCode code = errors.All(e => e.Code.Is(errors[0].Code)) ? errors[0].Code : ConnectorErrorCode.InvalidRecord;
        var detail = new StringBuilder();
        detail.Append(CultureInfo.InvariantCulture, $"{errors.Length} field(s) failed cleansing: ");
        for (int i = 0; i < errors.Length; i++)
        {
            detail.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : "; ")}{errors[i].Field} ({errors[i].Code}): {errors[i].Reason}");
        }

        return new ConnectorError
        {
            Code = code,
            TechnicalDetail = detail.ToString(),
            FieldErrors = [.. errors.Select(e => e.ToFieldError())],
        };
    }
}
