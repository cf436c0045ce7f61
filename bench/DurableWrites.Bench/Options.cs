using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DurableWrites.Bench;

/// <summary>Command-line options of "run" and "report", with the repository's defaults.</summary>
internal sealed class Options
{
    public string Repo { get; private set; } = FindRepo();
    public string OutDir { get; private set; } = "";
    public string WorkDir { get; private set; } = "/var/tmp/durablewrites-bench";
    public string Markdown { get; private set; } = "";
    public int Rounds { get; private set; } = 25;
    public bool Quick { get; private set; }

    /// <summary>
    /// Milliseconds every implementation pauses between its warm-up and its first timed operation: on the benchmark
    /// machine, a process that has just touched fresh memory (any runtime's start-up does) sees slower flushes for a
    /// moment afterwards (docs/benchmarks.md, Method).
    /// </summary>
    public int PauseMs { get; private set; } = 500;

    /// <summary>Allows a memory filesystem as the work directory: there fsync is free, which isolates software overhead.</summary>
    public bool AllowMemoryFileSystem { get; private set; }
    public HashSet<string> Only { get; } = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out": case "--in": options.OutDir = Path.GetFullPath(Next()); break;
                case "--work": options.WorkDir = Path.GetFullPath(Next()); break;
                case "--md": options.Markdown = Path.GetFullPath(Next()); break;
                case "--rounds": options.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quick": options.Quick = true; break;
                case "--pause-ms": options.PauseMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--allow-memory-fs": options.AllowMemoryFileSystem = true; break;
                case "--only": options.Only.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (options.OutDir.Length == 0)
        {
            options.OutDir = Path.Combine(options.Repo, "docs", "benchmarks");
        }

        if (options.Markdown.Length == 0)
        {
            options.Markdown = Path.Combine(options.Repo, "docs", "benchmarks.md");
        }

        if (options.Quick && !Array.Exists(args, a => a == "--rounds"))
        {
            options.Rounds = 3;
        }

        return options;
    }

    private static string FindRepo()
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Analyzers.sln")))
            {
                return dir;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
