using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using DurableWrites.PackageTests.Infrastructure;
using Xunit;

namespace DurableWrites.PackageTests;

/// <summary>
/// `dotnet pack Analyzers.sln -o feed`, once for the test classes of <see cref="PackedFeedCollection"/>: a local package feed as a release would publish it.
/// The projects were built with the tests, in their configuration, so packing does not build them again.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private readonly TempDirectory _directory = new("durablewrites-feed");

    public PackedFeed()
    {
        Feed = _directory.Combine("feed");
        PackResult = new Dotnet().Run(Repository.Root, "pack", "Analyzers.sln", "-c", Repository.Configuration, "--no-build", "-o", Feed, "-tl:off", "-nodeReuse:false");
        if (!PackResult.Succeeded)
        {
            _directory.Dispose();
            throw new InvalidOperationException(PackResult.ToString());
        }

        string analyzerPackage = Directory.GetFiles(Feed, "DurableWrites.Analyzers.*.nupkg").Single();
        AnalyzerNuspec = ReadNuspec(analyzerPackage);
        Version = AnalyzerNuspec.Element("version")!.Value;
    }

    public string Feed { get; }

    public CommandResult PackResult { get; }

    /// <summary>The version of the packages, as packed (the repository's Version property).</summary>
    public string Version { get; }

    /// <summary>The &lt;metadata&gt; element of DurableWrites.Analyzers' nuspec, without its namespace.</summary>
    public XElement AnalyzerNuspec { get; }

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public static XElement ReadNuspec(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        ZipArchiveEntry entry = zip.Entries.Single(e => !e.FullName.Contains('/') && e.Name.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        XElement metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        foreach (XElement element in metadata.DescendantsAndSelf().ToList())
        {
            element.Name = element.Name.LocalName;
        }

        return metadata;
    }

    public void Dispose() => _directory.Dispose();
}

/// <summary>The test classes that share one packed feed.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
