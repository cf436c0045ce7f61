using System;
using System.IO;

namespace DurableWrites.Testing;

/// <summary>The repository the tests were built from: the first directory above the test assembly that holds Analyzers.sln.</summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's directory, or null when the tests run outside it.</summary>
    public static string? Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
