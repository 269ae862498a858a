namespace CallCrm.Connectors.Testing.Tests;

internal static class ScenarioAssertions
{
    /// <summary>Runs a scenario against a broken provider and checks that it fails, for the stated reason.</summary>
    public static async Task ShouldFailBecauseAsync(this Func<Task> scenario, string reason) =>
        await scenario.Should().ThrowAsync<AssertionException>().WithMessage($"*{reason}*");
}
