namespace CallCrm.Connectors.VendorSimulator.Tests.Infrastructure;

/// <summary>Finds the repository root and the shared vendor specs the contract tests validate against.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CallCrm.Connectors.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No CallCrm.Connectors.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>
    /// <c>&lt;repo&gt;/../shared/vendor-specs</c> as CI lays it out; <c>CALLCRM_VENDOR_SPECS</c> overrides it, and a
    /// worktree one level deeper (<c>wt/&lt;name&gt;</c>) finds it further up.
    /// </summary>
    public static string VendorSpecs
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CALLCRM_VENDOR_SPECS") is { Length: > 0 } overridden)
            {
                return overridden;
            }

            for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "vendor-specs");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new AssertionException($"The vendor specs were not found: expected {Path.GetFullPath(Path.Combine(Root, "..", "shared", "vendor-specs"))} (or set CALLCRM_VENDOR_SPECS).");
        }
    }
}
