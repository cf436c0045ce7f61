using System;
using System.IO;

namespace DurableWrites.PackageTests.Infrastructure;

/// <summary>The repository these tests were built from, and the configuration they were built in.</summary>
internal static class Repository
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

    private static string FindRoot() =>
        Testing.RepositoryRoot.Find() ?? throw new InvalidOperationException($"no Analyzers.sln above {AppContext.BaseDirectory}");
}
