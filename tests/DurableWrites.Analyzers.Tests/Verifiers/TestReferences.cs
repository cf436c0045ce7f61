using System.Collections.Immutable;
using DurableWrites;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace DurableWrites.Analyzers.Tests.Verifiers;

/// <summary>
/// The references every test compiles against, without any download: the .NET 8 reference assemblies shipped in
/// Basic.Reference.Assemblies.Net80, plus the DurableWrites runtime the fixes call.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies None = new("net8.0");

    public static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(DurableFile).Assembly.Location);

    public static readonly ImmutableArray<MetadataReference> Net80 = ImmutableArray.CreateRange<MetadataReference>(Basic.Reference.Assemblies.Net80.References.All);

    public static readonly ImmutableArray<MetadataReference> Net80WithRuntime = Net80.Add(Runtime);

    /// <summary>System.IO.Abstractions (TestableIO): its interfaces and the wrappers over System.IO, net8.0 builds.</summary>
    public static readonly ImmutableArray<MetadataReference> FileSystemAbstractions = ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(System.IO.Path.Combine(System.AppContext.BaseDirectory, "references", "Testably.Abstractions.FileSystem.Interface.dll")),
        MetadataReference.CreateFromFile(System.IO.Path.Combine(System.AppContext.BaseDirectory, "references", "TestableIO.System.IO.Abstractions.Wrappers.dll")));

    /// <summary>System.Configuration.ConfigurationManager (ApplicationSettingsBase, Configuration), net8.0 build.</summary>
    public static readonly MetadataReference ConfigurationManager =
        MetadataReference.CreateFromFile(System.IO.Path.Combine(System.AppContext.BaseDirectory, "references", "System.Configuration.ConfigurationManager.dll"));
}
