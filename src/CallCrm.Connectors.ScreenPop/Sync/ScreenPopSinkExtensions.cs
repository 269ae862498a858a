using CallCrm.Connectors.Providers;

namespace CallCrm.Connectors.ScreenPop.Sync;

/// <summary>Wraps sync sinks so that their writes drop the screen-pop cards they change.</summary>
public static class ScreenPopSinkExtensions
{
    /// <summary>Wraps a CRM sink: written calls drop the cards of their numbers and customer.</summary>
    /// <param name="sink">The CRM sink.</param>
    /// <param name="invalidator">The screen-pop cache (resolve <see cref="IScreenPopCacheInvalidator"/>).</param>
    /// <returns>The wrapping sink, to give the sync engine.</returns>
    public static ICrmSink WithScreenPopInvalidation(this ICrmSink sink, IScreenPopCacheInvalidator invalidator) =>
        new ScreenPopInvalidatingCrmSink(sink, invalidator);

    /// <summary>Wraps a call-system sink: pushed tag sets drop the cards of their customers.</summary>
    /// <param name="sink">The call-system sink.</param>
    /// <param name="invalidator">The screen-pop cache (resolve <see cref="IScreenPopCacheInvalidator"/>).</param>
    /// <returns>The wrapping sink, to give the sync engine.</returns>
    public static ICallSystemSink WithScreenPopInvalidation(this ICallSystemSink sink, IScreenPopCacheInvalidator invalidator) =>
        new ScreenPopInvalidatingCallSystemSink(sink, invalidator);
}
