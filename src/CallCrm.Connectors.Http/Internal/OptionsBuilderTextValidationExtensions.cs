using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCrm.Connectors.Http.Internal;

/// <summary><c>OptionsBuilder.Validate</c> with a localized failure message (<see cref="TextValidateOptions{TOptions}"/>).</summary>
internal static class OptionsBuilderTextValidationExtensions
{
    /// <summary>Registers a check of the named options whose failure message is read from <c>ValidationMessages.resx</c> when it fails.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="validation">Whether the options are valid.</param>
    /// <param name="key">The key of the failure message.</param>
    /// <param name="args">The values of the message's placeholders (setting names, numbers: never secrets).</param>
    /// <returns>The same builder.</returns>
    public static OptionsBuilder<TOptions> ValidateText<TOptions>(this OptionsBuilder<TOptions> builder, Func<TOptions, bool> validation, string key, params object?[] args)
        where TOptions : class
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new TextValidateOptions<TOptions>(builder.Name, validation, key, args));
        return builder;
    }

    /// <summary>Registers a check of the named options that needs a service, with a failure message read from <c>ValidationMessages.resx</c>.</summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <typeparam name="TDependency">The service the check needs.</typeparam>
    /// <param name="builder">The options builder.</param>
    /// <param name="validation">Whether the options are valid.</param>
    /// <param name="key">The key of the failure message.</param>
    /// <param name="args">The values of the message's placeholders (setting names, numbers: never secrets).</param>
    /// <returns>The same builder.</returns>
    public static OptionsBuilder<TOptions> ValidateText<TOptions, TDependency>(this OptionsBuilder<TOptions> builder, Func<TOptions, TDependency, bool> validation, string key, params object?[] args)
        where TOptions : class
        where TDependency : notnull
    {
        var name = builder.Name;
        builder.Services.AddTransient<IValidateOptions<TOptions>>(sp =>
        {
            var dependency = sp.GetRequiredService<TDependency>();
            return new TextValidateOptions<TOptions>(name, options => validation(options, dependency), key, args);
        });
        return builder;
    }
}
