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
}
