using System;
using System.Diagnostics.Metrics;

namespace CallCrm.Connectors.Diagnostics;

/// <summary>The meter of the package this file is compiled into: named by the caller (one of
/// <see cref="CallCrmTelemetry.MeterNames"/>) and versioned with the package's assembly (major.minor.patch), taken from the host's
/// <see cref="IMeterFactory"/> when there is one, else made here.</summary>
/// <remarks>Linked into every library whose project sets <c>CallCrmPackageMeter</c> (see <c>src/Directory.Build.props</c>), so the
/// version is each package's own. A factory shares one meter per name among its callers and disposes it itself: only a meter made
/// here is disposed with this object.</remarks>
internal sealed class PackageMeter : IDisposable
{
    private readonly bool _ownsMeter;

    /// <summary>Initializes a new instance of the <see cref="PackageMeter"/> class.</summary>
    /// <param name="name">The meter's name, one of <see cref="CallCrmTelemetry.MeterNames"/>.</param>
    /// <param name="meterFactory">The host's meter factory, or <see langword="null"/> outside a host that registers one.</param>
    public PackageMeter(string name, IMeterFactory? meterFactory)
    {
        var version = typeof(PackageMeter).Assembly.GetName().Version?.ToString(3);
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(name, version) ?? new Meter(name, version);
    }

    /// <summary>Gets the meter to create the package's instruments on.</summary>
    public Meter Meter { get; }

    /// <summary>Disposes the meter when it was made here rather than taken from a factory.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
