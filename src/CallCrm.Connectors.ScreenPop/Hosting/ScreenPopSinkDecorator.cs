using CallCrm.Connectors.Hosting;
using CallCrm.Connectors.Model;
using CallCrm.Connectors.Providers;
using CallCrm.Connectors.ScreenPop.Sync;

namespace CallCrm.Connectors.ScreenPop.Hosting;

/// <summary>Makes the hosted streams' writes drop the screen-pop cards they change: a written call drops the cards of its numbers and
/// customer, a pushed tag set those of its customer (<see cref="ScreenPopSinkExtensions"/>). Registered by <c>AddScreenPop</c> on the
/// CallCrm.Connectors builder; every stream is wrapped whatever its name.</summary>
internal sealed class ScreenPopSinkDecorator(IScreenPopCacheInvalidator invalidator) : IStreamSinkDecorator
{
    public IRecordSink<CallRecord> Decorate(string streamName, IRecordSink<CallRecord> sink) => sink.WithScreenPopInvalidation(invalidator);

    public IRecordSink<CustomerTagUpdate> Decorate(string streamName, IRecordSink<CustomerTagUpdate> sink) => sink.WithScreenPopInvalidation(invalidator);
}
