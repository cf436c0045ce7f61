using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Roslyn48Tests;

/// <summary>
/// The .NET 8 reference assemblies, read from Basic.Reference.Assemblies.Net80's embedded resources. Its own code needs
/// a newer Roslyn than this project hosts, so none of it runs: the assembly is only opened for its resources.
/// </summary>
internal static class References
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_net80 = new(Load);

    public static IReadOnlyList<MetadataReference> Net80 => s_net80.Value;

    private static IReadOnlyList<MetadataReference> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "references", "Basic.Reference.Assemblies.Net80.dll");
        var context = new AssemblyLoadContext("reference assemblies", isCollectible: true);
        try
        {
            Assembly container = context.LoadFromAssemblyPath(path);
            var references = new List<MetadataReference>();
            foreach (string name in container.GetManifestResourceNames().Where(n => n.StartsWith("net80.", StringComparison.Ordinal)))
            {
                using Stream stream = container.GetManifestResourceStream(name)!;
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                references.Add(MetadataReference.CreateFromImage(bytes.ToArray(), filePath: name.Substring("net80.".Length) + ".dll"));
            }

            if (references.Count < 100)
            {
                throw new InvalidOperationException($"expected the .NET 8 reference assemblies in {path}, found {references.Count}");
            }

            return references;
        }
        finally
        {
            context.Unload();
        }
    }
}
