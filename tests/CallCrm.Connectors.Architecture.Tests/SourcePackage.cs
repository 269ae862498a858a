using System.Xml.Linq;

namespace CallCrm.Connectors.Architecture.Tests;

/// <summary>One package under <c>src/</c> as its project file declares it.</summary>
internal sealed record SourcePackage(string Name, string Directory, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences)
{
    /// <summary>Reads every <c>src/*/*.csproj</c> of the repository.</summary>
    public static IReadOnlyDictionary<string, SourcePackage> ReadAll()
    {
        var source = Path.Combine(RepositoryRoot.Path, "src");
        return System.IO.Directory.GetDirectories(source)
            .Select(directory => System.IO.Directory.GetFiles(directory, "*.csproj").SingleOrDefault())
            .OfType<string>()
            .Select(Read)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the names of our packages this one reaches through project references, itself excluded.</summary>
    public static IReadOnlySet<string> Closure(string name, IReadOnlyDictionary<string, SourcePackage> packages)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(packages[name].ProjectReferences);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next) && packages.TryGetValue(next, out var package))
            {
                foreach (var reference in package.ProjectReferences)
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
    }

    private static SourcePackage Read(string csproj)
    {
        var document = XDocument.Load(csproj);
        var projects = document.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/')))
            .ToList();
        var packages = document.Descendants("PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? string.Empty)
            .ToList();
        return new SourcePackage(Path.GetFileNameWithoutExtension(csproj), Path.GetDirectoryName(csproj)!, projects, packages);
    }
}
