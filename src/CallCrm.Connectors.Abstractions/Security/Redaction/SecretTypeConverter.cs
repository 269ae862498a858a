using System;
using System.ComponentModel;
using System.Globalization;

namespace CallCrm.Connectors.Security.Redaction;

/// <summary>Converts configuration strings to <see cref="Secret"/>, so that options bind secrets from configuration; never converts back.</summary>
public sealed class SecretTypeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? new Secret(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override bool CanConvertTo(ITypeDescriptorContext? context, Type? destinationType) => false;
}
