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
            failures.Add(ValidationText.Get("Twilio.AccountSidRequired"));
        }
        else if (!AccountSidPattern().IsMatch(options.AccountSid))
        {
            failures.Add(ValidationText.Get("Twilio.AccountSidFormat"));
        }

        if (options.UsesApiKey)
        {
            if (!ApiKeySidPattern().IsMatch(options.ApiKeySid!))
            {
                failures.Add(ValidationText.Get("Twilio.ApiKeySidFormat"));
            }

            if (options.ApiKeySecret is null || options.ApiKeySecret.IsEmpty)
            {
                failures.Add(ValidationText.Get("Twilio.ApiKeySecretRequired"));
            }
        }
        else if (options.AuthToken is null || options.AuthToken.IsEmpty)
        {
            failures.Add(ValidationText.Get("Twilio.CredentialsRequired"));
        }

        if (options.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            failures.Add(ValidationText.Get("Twilio.BaseAddressAbsolute"));
        }
        else if (baseAddress.Scheme != Uri.UriSchemeHttps && !(options.AllowInsecureLoopback && baseAddress.Scheme == Uri.UriSchemeHttp && baseAddress.IsLoopback))
        {
            failures.Add(ValidationText.Get("Twilio.BaseAddressHttps"));
        }

        Check(failures, options.PageSize is >= 1 and <= TwilioOptions.MaxPageSize, ValidationText.Format("Twilio.PageSize", TwilioOptions.MaxPageSize));
        Check(failures, IsRegion(options.DefaultRegion), ValidationText.Get("Twilio.DefaultRegion"));
        Check(failures, options.InitialLookback > TimeSpan.Zero, ValidationText.Format("Twilio.Positive", nameof(TwilioOptions.InitialLookback)));
        Check(failures, options.SliceDuration >= TimeSpan.FromSeconds(1) && options.SliceDuration.Ticks % TimeSpan.TicksPerSecond == 0, ValidationText.Get("Twilio.SliceDuration"));
        Check(failures, options.MaxCallsPerSlice >= 1, ValidationText.Get("Twilio.MaxCallsPerSlice"));
        Check(failures, options.CallbackReplayWindow > TimeSpan.Zero, ValidationText.Format("Twilio.Positive", nameof(TwilioOptions.CallbackReplayWindow)));
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
