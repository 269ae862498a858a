using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>Wraps the sinks the streams write to, before the instrumentation, so that a feature added through the builder
/// (screen-pop's cache invalidation) sees every write of every stream without the user wrapping anything.</summary>
internal interface IStreamSinkDecorator
{
    /// <summary>Wraps the CRM sink of a call-log stream.</summary>
    /// <param name="sink">The registered sink.</param>
    /// <returns>The sink the stream writes to.</returns>
    ICrmSink Decorate(ICrmSink sink);

    /// <summary>Wraps the call-system sink of a tag stream.</summary>
    /// <param name="sink">The registered sink.</param>
    /// <returns>The sink the stream pushes to.</returns>
    ICallSystemSink Decorate(ICallSystemSink sink);
}
