using CallCrm.Connectors.Providers;
using CallCrm.Connectors.ScreenPop;
using CallCrm.Connectors.ScreenPop.Sync;

namespace CallCrm.Connectors.Hosting.Internal;

/// <summary>Makes the streams' writes drop the screen-pop cards they change: a written call drops the cards of its numbers and
/// customer, a pushed tag set those of its customer (<see cref="ScreenPopSinkExtensions"/>).</summary>
internal sealed class ScreenPopSinkDecorator(IScreenPopCacheInvalidator invalidator) : IStreamSinkDecorator
{
    public ICrmSink Decorate(ICrmSink sink) => sink.WithScreenPopInvalidation(invalidator);

    public ICallSystemSink Decorate(ICallSystemSink sink) => sink.WithScreenPopInvalidation(invalidator);
}
