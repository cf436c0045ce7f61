using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers;

/// <summary>
/// The <c>.editorconfig</c> (or global AnalyzerConfig) settings of the rules. All keys start with <c>durable_writes.</c>;
/// lists are separated by commas or semicolons. rules.md documents each one.
/// </summary>
internal sealed class DurableWritesOptions
{
    public const string NonDurablePathsKey = "durable_writes.non_durable_paths";
    public const string NonDurableSymbolsKey = "durable_writes.non_durable_path_symbols";
    public const string AdditionalWriteMethodsKey = "durable_writes.additional_write_methods";
    public const string SyncMethodsKey = "durable_writes.sync_methods";
    public const string IncludeDeletesKey = "durable_writes.dur002.include_deletes";
    public const string IncludeDirectoryCreationKey = "durable_writes.dur002.include_directory_creation";
    public const string IncludeTempPathsKey = "durable_writes.include_temp_paths";
    public const string IncludeTestProjectsKey = "durable_writes.include_test_projects";
    public const string IncludeLogSinksKey = "durable_writes.include_log_sinks";

    public static readonly DurableWritesOptions Default = new(
        ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, ImmutableArray<string>.Empty,
        includeDeletes: false, includeDirectoryCreation: false, includeTempPaths: false, includeTestProjects: false, includeLogSinks: false);

    // Options objects are few (one per distinct .editorconfig section set); parsing once per distinct text is plenty.
    private static readonly ConcurrentDictionary<string, DurableWritesOptions> ParsedCache = new(StringComparer.Ordinal);

    private DurableWritesOptions(
        ImmutableArray<string> nonDurablePaths,
        ImmutableArray<string> nonDurableSymbols,
        ImmutableArray<string> additionalWriteMethods,
        ImmutableArray<string> syncMethods,
        bool includeDeletes,
        bool includeDirectoryCreation,
        bool includeTempPaths,
        bool includeTestProjects,
        bool includeLogSinks)
    {
        NonDurablePaths = nonDurablePaths;
        NonDurableSymbols = nonDurableSymbols;
        AdditionalWriteMethods = additionalWriteMethods;
        SyncMethods = syncMethods;
        IncludeDeletes = includeDeletes;
        IncludeDirectoryCreation = includeDirectoryCreation;
        IncludeTempPaths = includeTempPaths;
        IncludeTestProjects = includeTestProjects;
        IncludeLogSinks = includeLogSinks;
    }

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>) over the shape of a path expression, e.g. <c>/var/cache/*</c> or <c>*.tmp</c>.</summary>
    public ImmutableArray<string> NonDurablePaths { get; }

    /// <summary>Names (simple or qualified, <c>*</c> allowed) of fields, properties, methods, locals or parameters that hold non-durable locations.</summary>
    public ImmutableArray<string> NonDurableSymbols { get; }

    /// <summary>Qualified method names (<c>Namespace.Type.Method</c>) that write a whole file from their first string argument.</summary>
    public ImmutableArray<string> AdditionalWriteMethods { get; }

    /// <summary>Qualified method names that make a path (or a stream passed to them) durable, like DurableFile.Sync.</summary>
    public ImmutableArray<string> SyncMethods { get; }

    public bool IncludeDeletes { get; }

    public bool IncludeDirectoryCreation { get; }

    /// <summary>When true, writes under the temporary directory are flagged too.</summary>
    public bool IncludeTempPaths { get; }

    /// <summary>When true, projects that reference a unit-test framework are analyzed too.</summary>
    public bool IncludeTestProjects { get; }

    /// <summary>When true, the files of logging frameworks' sinks (see <see cref="LogSinks"/>) are judged too.</summary>
    public bool IncludeLogSinks { get; }

    public static DurableWritesOptions For(AnalyzerOptions options, SyntaxTree tree)
    {
        AnalyzerConfigOptions config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        string nonDurablePaths = Read(config, NonDurablePathsKey);
        string nonDurableSymbols = Read(config, NonDurableSymbolsKey);
        string writeMethods = Read(config, AdditionalWriteMethodsKey);
        string syncMethods = Read(config, SyncMethodsKey);
        string deletes = Read(config, IncludeDeletesKey);
        string directories = Read(config, IncludeDirectoryCreationKey);
        string temp = Read(config, IncludeTempPathsKey);
        string tests = Read(config, IncludeTestProjectsKey);
        string logSinks = Read(config, IncludeLogSinksKey);
        if (nonDurablePaths.Length + nonDurableSymbols.Length + writeMethods.Length + syncMethods.Length + deletes.Length + directories.Length
            + temp.Length + tests.Length + logSinks.Length == 0)
        {
            return Default;
        }

        string key = string.Join("\u0001", nonDurablePaths, nonDurableSymbols, writeMethods, syncMethods, deletes, directories, temp, tests, logSinks);
        return ParsedCache.GetOrAdd(key, _ => new DurableWritesOptions(
            List(nonDurablePaths), List(nonDurableSymbols), List(writeMethods), List(syncMethods),
            IsTrue(deletes), IsTrue(directories), IsTrue(temp), IsTrue(tests), IsTrue(logSinks)));
    }

    /// <summary>Matches <paramref name="text"/> against a glob with <c>*</c> (any run) and <c>?</c> (one character), ignoring case.</summary>
    public static bool GlobMatch(string pattern, string text) => GlobMatch(pattern, 0, text, 0);

    public static bool MatchesQualifiedName(ImmutableArray<string> patterns, string simpleName, string qualifiedName)
    {
        foreach (string pattern in patterns)
        {
            if (GlobMatch(pattern, pattern.IndexOf('.') >= 0 ? qualifiedName : simpleName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool GlobMatch(string pattern, int p, string text, int t)
    {
        while (p < pattern.Length)
        {
            char c = pattern[p];
            if (c == '*')
            {
                for (int skip = t; skip <= text.Length; skip++)
                {
                    if (GlobMatch(pattern, p + 1, text, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (t >= text.Length || (c != '?' && char.ToUpperInvariant(c) != char.ToUpperInvariant(text[t])))
            {
                return false;
            }

            p++;
            t++;
        }

        return t == text.Length;
    }

    private static string Read(AnalyzerConfigOptions config, string key) =>
        config.TryGetValue(key, out string? value) && value is not null ? value.Trim() : string.Empty;

    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static ImmutableArray<string> List(string value) =>
        value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(item => item.Trim().Trim('"'))
            .Where(item => item.Length > 0)
            .ToImmutableArray();
}
