using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.Hosting;

/// <summary>Wraps the sink each hosted stream writes to, so that a feature added to the builder (screen-pop's cache invalidation,
/// for one) sees every write of every stream without the user wrapping anything.</summary>
/// <remarks>
/// <para>Register implementations as singletons (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IStreamSinkDecorator,
/// MyDecorator&gt;())</c>); the hosting package applies every registered decorator, in registration order, when it creates a
/// stream, inside its own instrumentation. A decorator that has nothing to add for a stream returns the sink it was given.</para>
/// <para>Implementations must be thread-safe; the sinks they return are used as the stream uses its sink.</para>
/// </remarks>
public interface IStreamSinkDecorator
{
    /// <summary>Wraps the CRM sink of a call-log stream.</summary>
    /// <param name="streamName">The stream's name.</param>
    /// <param name="sink">The sink registered for the stream, possibly wrapped by earlier decorators.</param>
    /// <returns>The sink the stream writes to.</returns>
    IRecordSink<CallRecord> Decorate(string streamName, IRecordSink<CallRecord> sink);

    /// <summary>Wraps the call-system sink of a tag stream.</summary>
    /// <param name="streamName">The stream's name.</param>
    /// <param name="sink">The sink registered for the stream, possibly wrapped by earlier decorators.</param>
    /// <returns>The sink the stream pushes to.</returns>
    IRecordSink<CustomerTagUpdate> Decorate(string streamName, IRecordSink<CustomerTagUpdate> sink);
}
