using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>Every name under a directory with its content's hash: to show that a failed call changed nothing.</summary>
public sealed class DirectorySnapshot
{
    private readonly SortedDictionary<string, string> _entries;

    private DirectorySnapshot(SortedDictionary<string, string> entries) => _entries = entries;

    public static DirectorySnapshot Take(string directory)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(directory, path);
            entries[name] = Directory.Exists(path) ? "directory" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))[..16];
        }

        return new DirectorySnapshot(entries);
    }

    /// <summary>What differs from <paramref name="before"/>, one line a name; empty when nothing changed.</summary>
    public IReadOnlyList<string> DifferencesFrom(DirectorySnapshot before)
    {
        var differences = new List<string>();
        foreach ((string name, string hash) in before._entries)
        {
            if (!_entries.TryGetValue(name, out string? now))
            {
                differences.Add($"'{name}' is gone");
            }
            else if (now != hash)
            {
                differences.Add($"'{name}' changed");
            }
        }

        differences.AddRange(_entries.Keys.Where(name => !before._entries.ContainsKey(name)).Select(name => $"'{name}' appeared"));
        return differences;
    }
}
