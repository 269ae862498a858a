namespace CallCrm.Connectors.Architecture.Tests;

/// <summary>The repository's root: the first folder above the test's output that holds <c>CallCrm.Connectors.sln</c>.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "CallCrm.Connectors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("CallCrm.Connectors.sln was not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
