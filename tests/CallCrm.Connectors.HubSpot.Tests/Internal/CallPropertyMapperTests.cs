using CallCrm.Connectors.HubSpot.Internal;
using CallCrm.Connectors.HubSpot.Tests.Infrastructure;
using CallCrm.Connectors.Model;

namespace CallCrm.Connectors.HubSpot.Tests.Internal;

public sealed class CallPropertyMapperTests
{
    private static readonly CallRecord Call = HubSpotHarness.Call("CA1", CallDirection.Inbound, "+13055550123", "+14155550100");

    [Test]
    public void Map_FlaggedResolution_SetsTheFlagProperty()
    {
        var options = new HubSpotOptions { ResolutionFlagProperty = "callcrm_unresolved" };
        var flagged = new CallerResolution([], null, "Several contacts share this number.", "+13055550123");

        CallPropertyMapper.Map(Call, flagged, options, includeSourceId: true).Should().Contain("callcrm_unresolved", "true");
    }

    [Test]
    public void Map_ResolvedCall_ClearsTheFlagProperty()
    {
        // An update of a call flagged before (the caller's contact was found since) must clear the flag: HubSpot keeps
        // a property the update does not send.
        var options = new HubSpotOptions { ResolutionFlagProperty = "callcrm_unresolved" };
        var resolved = new CallerResolution(["1001"], null, null, "+13055550123");

        CallPropertyMapper.Map(Call, resolved, options, includeSourceId: true).Should().Contain("callcrm_unresolved", "false");
    }

    [Test]
    public void Map_NoFlagProperty_SendsNone()
    {
        var flagged = new CallerResolution([], null, "Several contacts share this number.", "+13055550123");

        CallPropertyMapper.Map(Call, flagged, new HubSpotOptions(), includeSourceId: true).Keys.Should().NotContain(k => k.Contains("unresolved", StringComparison.Ordinal));
    }
}
