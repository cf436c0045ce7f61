using System;
using System.IO;

namespace DurableWrites;

/// <summary>Argument checks shared by every entry point, with the exceptions System.IO throws for the same mistakes.</summary>
internal static class DurablePath
{
    internal static string Full(string? path, string parameterName)
    {
        if (path is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (path.Length == 0)
        {
            throw new ArgumentException("The path is empty.", parameterName);
        }

        if (path.IndexOf('\0') >= 0)
        {
            throw new ArgumentException($"The path '{path.Replace("\0", "\\0")}' contains a null character.", parameterName);
        }

        return Path.GetFullPath(path);
    }

    /// <summary>The directory holding <paramref name="fullPath"/>'s entry (the root holds its own).</summary>
    internal static string Parent(string fullPath) =>
        Path.GetDirectoryName(fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)) ?? fullPath;

    internal static void RequireParentDirectory(string fullPath)
    {
        if (!Directory.Exists(Parent(fullPath)))
        {
            throw new DirectoryNotFoundException($"Could not find a part of the path '{fullPath}': the directory '{Parent(fullPath)}' does not exist.");
        }
    }

    internal static void RequireNotDirectory(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new UnauthorizedAccessException($"Access to the path '{fullPath}' is denied: it is a directory.");
        }
    }
}
