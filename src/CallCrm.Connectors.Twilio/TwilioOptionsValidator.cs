using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Twilio;

/// <summary>Checks <see cref="TwilioOptions"/> when the host starts, with messages that say what to fix.</summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add("Twilio: AccountSid is required (find it on the Twilio Console dashboard; it starts with AC).");
        }
        else if (!AccountSidPattern().IsMatch(options.AccountSid))
        {
            failures.Add("Twilio: AccountSid must be AC followed by 32 hexadecimal digits.");
        }

        if (options.UsesApiKey)
        {
            if (!ApiKeySidPattern().IsMatch(options.ApiKeySid!))
            {
                failures.Add("Twilio: ApiKeySid must be SK followed by 32 hexadecimal digits.");
            }

            if (options.ApiKeySecret is null || options.ApiKeySecret.IsEmpty)
            {
                failures.Add("Twilio: ApiKeySecret is required with ApiKeySid (it is shown once, when the API key is created).");
            }
        }
        else if (options.AuthToken is null || options.AuthToken.IsEmpty)
        {
            failures.Add("Twilio: set AuthToken, or ApiKeySid and ApiKeySecret, to sign in to the REST API.");
        }

        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            failures.Add("Twilio: BaseAddress must be an absolute URI.");
        }
        else if (baseAddress.Scheme != Uri.UriSchemeHttps && !(options.AllowInsecureLoopback && baseAddress.Scheme == Uri.UriSchemeHttp && baseAddress.IsLoopback))
        {
            failures.Add("Twilio: BaseAddress must use https; plain http is allowed only to a loopback address with AllowInsecureLoopback set.");
        }

        Check(failures, options.PageSize is >= 1 and <= TwilioOptions.MaxPageSize, "Twilio: PageSize must be between 1 and 1000.");
        Check(failures, IsRegion(options.DefaultRegion), "Twilio: DefaultRegion must be a two-letter ISO 3166-1 region such as US or CN.");
        Check(failures, options.InitialLookback > TimeSpan.Zero, "Twilio: InitialLookback must be positive.");
        Check(failures, options.SliceDuration >= TimeSpan.FromSeconds(1) && options.SliceDuration.Ticks % TimeSpan.TicksPerSecond == 0, "Twilio: SliceDuration must be whole seconds, at least one.");
        Check(failures, options.MaxCallsPerSlice >= 1, "Twilio: MaxCallsPerSlice must be at least 1.");
        Check(failures, options.CallbackReplayWindow > TimeSpan.Zero, "Twilio: CallbackReplayWindow must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsRegion(string? region) =>
        region is { Length: 2 } && char.IsAsciiLetter(region[0]) && char.IsAsciiLetter(region[1]);

    private static void Check(List<string> failures, bool condition, string message)
    {
        if (!condition)
        {
            failures.Add(message);
        }
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^SK[0-9a-fA-F]{32}$")]
    private static partial Regex ApiKeySidPattern();
}
