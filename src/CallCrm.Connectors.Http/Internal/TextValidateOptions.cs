using System;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Http.Internal;

/// <summary>What <see cref="ValidateOptions{TOptions}"/> does, with a failure message from <c>ValidationMessages.resx</c> read when the
/// options are validated, so that it follows the UI culture of the start rather than the one of the registration.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class TextValidateOptions<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    private readonly string? _optionsName;
    private readonly Func<TOptions, bool> _validation;
    private readonly string _key;
    private readonly object?[] _args;

    /// <summary>Initializes a new instance of the <see cref="TextValidateOptions{TOptions}"/> class.</summary>
    /// <param name="optionsName">The name of the options instance checked, or <see langword="null"/> for all of them.</param>
    /// <param name="validation">Whether the options are valid.</param>
    /// <param name="key">The key of the failure message.</param>
    /// <param name="args">The values of the message's placeholders.</param>
    public TextValidateOptions(string? optionsName, Func<TOptions, bool> validation, string key, object?[] args)
    {
        _optionsName = optionsName;
        _validation = validation;
        _key = key;
        _args = args;
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (_optionsName is not null && _optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        return _validation(options) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(ValidationText.Format(_key, _args));
    }
}
