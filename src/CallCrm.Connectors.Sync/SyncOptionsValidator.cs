using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Sync;

/// <summary>Validates <see cref="SyncOptions"/> for <c>ValidateOnStart</c>.</summary>
internal sealed class SyncOptionsValidator : IValidateOptions<SyncOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SyncOptions options)
    {
        System.ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
