using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using DurableWrites.PackageTests.Infrastructure;
using Xunit;

namespace DurableWrites.PackageTests;

/// <summary>What `dotnet pack Analyzers.sln` produces, file by file and field by field.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageLayoutTests
{
    private const string RepositoryUrl = "https://github.com/durablewrites/durablewrites";

    private readonly PackedFeed _packed;

    public PackageLayoutTests(PackedFeed packed) => _packed = packed;

    [Fact]
    public void Packing_the_solution_makes_two_packages_and_the_runtime_symbols_without_a_warning()
    {
        string v = _packed.Version;
        Assert.Matches(@"^\d+\.\d+\.\d+", v);
        Assert.Equal(
            new[] { $"DurableWrites.{v}.nupkg", $"DurableWrites.{v}.snupkg", $"DurableWrites.Analyzers.{v}.nupkg" },
            Directory.GetFiles(_packed.Feed).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal));
        Assert.DoesNotMatch(@"(?m)\bwarning\s+[A-Z]+\d+", _packed.PackResult.Output);
    }

    [Fact]
    public void The_analyzer_package_holds_the_analyzers_and_depends_on_the_runtime()
    {
        string package = _packed.PackagePath("DurableWrites.Analyzers");
        Assert.Equal(
            new[]
            {
                "DurableWrites.Analyzers.nuspec",
                "README.md",
                "analyzers/dotnet/cs/DurableWrites.Analyzers.dll",
                "analyzers/dotnet/cs/DurableWrites.CodeFixes.dll",
                "lib/netstandard2.0/_._",
            },
            PayloadOf(package));

        XElement nuspec = _packed.AnalyzerNuspec;
        Assert.Equal("DurableWrites.Analyzers", nuspec.Element("id")!.Value);
        AssertCommonMetadata(nuspec);

        // An ordinary dependency: `dotnet add package` then writes a plain PackageReference, whose compile and runtime
        // assets (the runtime's) reach the app. A developmentDependency would keep them out of the build.
        Assert.True(nuspec.Element("developmentDependency") is null || nuspec.Element("developmentDependency")!.Value == "false");
        var groups = nuspec.Element("dependencies")!.Elements("group").ToList();
        Assert.NotEmpty(groups);
        foreach (XElement group in groups)
        {
            XElement dependency = Assert.Single(group.Elements("dependency"));
            Assert.Equal("DurableWrites", dependency.Attribute("id")!.Value);
            Assert.Equal(_packed.Version, dependency.Attribute("version")!.Value);
            string excluded = dependency.Attribute("exclude")?.Value ?? "";
            Assert.DoesNotContain("Compile", excluded, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Runtime", excluded, StringComparison.OrdinalIgnoreCase);
        }

        // The analyzer assemblies carry their PDBs and are built deterministically.
        using ZipArchive zip = ZipFile.OpenRead(package);
        foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
        {
            using var bytes = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(bytes);
            }

            bytes.Position = 0;
            using var pe = new PEReader(bytes);
            var debug = pe.ReadDebugDirectory().Select(d => d.Type).ToList();
            Assert.Contains(DebugDirectoryEntryType.EmbeddedPortablePdb, debug);
            Assert.Contains(DebugDirectoryEntryType.Reproducible, debug);
            MetadataReader metadata = pe.GetMetadataReader();
            Assert.Equal(".NETStandard,Version=v2.0", TargetFramework(metadata));
        }
    }

    [Fact]
    public void The_runtime_package_has_both_targets_and_a_symbol_package()
    {
        Assert.Equal(
            new[]
            {
                "DurableWrites.nuspec",
                "README.md",
                "lib/net8.0/DurableWrites.dll",
                "lib/net8.0/DurableWrites.xml",
                "lib/netstandard2.0/DurableWrites.dll",
                "lib/netstandard2.0/DurableWrites.xml",
            },
            PayloadOf(_packed.PackagePath("DurableWrites")));
        XElement nuspec = PackedFeed.ReadNuspec(_packed.PackagePath("DurableWrites"));
        Assert.Equal("DurableWrites", nuspec.Element("id")!.Value);
        AssertCommonMetadata(nuspec);

        Assert.Equal(
            new[] { "DurableWrites.nuspec", "lib/net8.0/DurableWrites.pdb", "lib/netstandard2.0/DurableWrites.pdb" },
            PayloadOf(_packed.PackagePath("DurableWrites", "snupkg")));
    }

    private void AssertCommonMetadata(XElement nuspec)
    {
        Assert.Equal(_packed.Version, nuspec.Element("version")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(nuspec.Element("description")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(nuspec.Element("tags")?.Value));
        Assert.Equal("MIT", nuspec.Element("license")!.Value);
        Assert.Equal("expression", nuspec.Element("license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", nuspec.Element("readme")!.Value);
        Assert.Equal(RepositoryUrl, nuspec.Element("projectUrl")!.Value);
        XElement repository = nuspec.Element("repository")!;
        Assert.Equal("git", repository.Attribute("type")!.Value);
        Assert.Equal(RepositoryUrl, repository.Attribute("url")!.Value);
    }

    /// <summary>The package's files, without the OPC parts every package has.</summary>
    private static string[] PayloadOf(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries
            .Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
    }

    private static string? TargetFramework(MetadataReader metadata)
    {
        foreach (CustomAttributeHandle handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference)
            {
                var constructor = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                var type = metadata.GetTypeReference((TypeReferenceHandle)constructor.Parent);
                if (metadata.GetString(type.Name) == "TargetFrameworkAttribute")
                {
                    BlobReader value = metadata.GetBlobReader(attribute.Value);
                    value.ReadUInt16();
                    return value.ReadSerializedString();
                }
            }
        }

        return null;
    }
}
