using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.RegularExpressions;
using DurableWrites.CrashTests.Infrastructure;

namespace DurableWrites.CrashTests.Harness;

/// <summary>The sample application as written (<see cref="Unsafe"/>) and after the analyzer's code fixes (<see cref="Fixed"/>).</summary>
public enum SampleVariant
{
    Unsafe,
    Fixed,
}

/// <summary>
/// Builds samples/CommentStore twice in a temporary directory: as it is, and after `dotnet format analyzers` applied the
/// fixes of all five rules to a copy of it, with the command the README gives. Nothing is written into the repository
/// and no project of the repository is built: each copy gets, instead of samples/Directory.Build.targets (which
/// references the analyzer, code-fix and runtime projects), one that references the assemblies those projects built
/// for these tests (the analyzers under sample-analyzers/, the runtime beside the tests). So the build cannot collide
/// with another test project building the same projects at the same time.
/// </summary>
public sealed class CommentStoreApps : IDisposable
{
    public static readonly string[] Rules = { "DUR001", "DUR002", "DUR003", "DUR004", "DUR005" };

    private readonly object _gate = new();
    private const string WorkPrefix = "durable-sample-";
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"{WorkPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
    private Built? _built;
    private Exception? _failure;

    /// <summary>The two builds and what building them said.</summary>
    public sealed record Built(string UnsafeAssembly, string FixedAssembly, IReadOnlyList<string> UnsafeWarnings,
        IReadOnlyList<string> FixedWarnings, IReadOnlyList<string> FormattedFiles, TimeSpan Elapsed)
    {
        public string Assembly(SampleVariant variant) => variant == SampleVariant.Unsafe ? UnsafeAssembly : FixedAssembly;
    }

    /// <summary>Builds both on the first call (once for all tests); a failure is reported again to every later caller.</summary>
    public Built Get()
    {
        lock (_gate)
        {
            if (_failure != null)
            {
                throw new InvalidOperationException("Building the sample application failed earlier: " + _failure.Message, _failure);
            }

            try
            {
                return _built ??= Build();
            }
            catch (Exception exception)
            {
                _failure = exception;
                throw;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_work))
            {
                Directory.Delete(_work, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete '{_work}': {exception.Message}");
        }
    }

    private Built Build()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string repository = RepositoryRoot();
        string samples = Path.Combine(repository, "samples");
        string analyzers = Path.Combine(AppContext.BaseDirectory, "sample-analyzers");
        string[] analyzerAssemblies =
        {
            Path.Combine(analyzers, "DurableWrites.Analyzers.dll"),
            Path.Combine(analyzers, "DurableWrites.CodeFixes.dll"),
        };
        string runtime = Path.Combine(AppContext.BaseDirectory, "DurableWrites.dll");
        foreach (string assembly in analyzerAssemblies.Append(runtime).Where(a => !File.Exists(a)))
        {
            throw new InvalidOperationException($"'{assembly}' is missing: it is built with the crash tests (see DurableWrites.CrashTests.csproj).");
        }

        // What the replaced Directory.Build.targets gives the sample, so that the replacement stays a faithful one.
        string targets = File.ReadAllText(Path.Combine(samples, "Directory.Build.targets"));
        foreach (string project in new[] { "DurableWrites.Analyzers.csproj", "DurableWrites.CodeFixes.csproj", "DurableWrites.csproj" })
        {
            if (!targets.Contains(project, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"samples/Directory.Build.targets no longer references {project}: update {nameof(CommentStoreApps)}.");
            }
        }

        RemoveStaleCopies();
        Directory.CreateDirectory(_work);
        File.Copy(Path.Combine(repository, ".editorconfig"), Path.Combine(_work, ".editorconfig"));
        string unsafeProject = CopySample(samples, Path.Combine(_work, "unsafe"), analyzerAssemblies, runtime);
        string fixedProject = CopySample(samples, Path.Combine(_work, "fixed"), analyzerAssemblies, runtime);

        Dictionary<string, string> before = Sources(fixedProject);
        ToolResult format = DotnetCli.Run(fixedProject, new[] { "format", "analyzers", "CommentStore.csproj", "--diagnostics" }
            .Concat(Rules).Concat(new[] { "--severity", "warn" }).ToArray());
        Require(format);
        string[] formatted = Sources(fixedProject).Where(s => before[s.Key] != s.Value).Select(s => s.Key).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (formatted.Length == 0)
        {
            throw new InvalidOperationException("dotnet format changed no file of the sample:\n" + format.StandardOutput);
        }

        (string unsafeAssembly, string[] unsafeWarnings) = BuildProject(unsafeProject);
        (string fixedAssembly, string[] fixedWarnings) = BuildProject(fixedProject);
        return new Built(unsafeAssembly, fixedAssembly, unsafeWarnings, fixedWarnings, formatted, clock.Elapsed);
    }

    /// <summary>samples/ without build output, with its Directory.Build.targets pointed at the built assemblies.</summary>
    private static string CopySample(string samples, string target, string[] analyzerAssemblies, string runtime)
    {
        foreach (string file in new[] { ".editorconfig", "Directory.Build.props", "Directory.Packages.props" })
        {
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(samples, file), Path.Combine(target, file));
        }

        string project = Path.Combine(target, "CommentStore");
        Directory.CreateDirectory(project);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(samples, "CommentStore")))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }

        string items = string.Join("\n", analyzerAssemblies.Select(a => $"    <Analyzer Include=\"{SecurityElement.Escape(a)}\" />"))
            + $"\n    <Reference Include=\"{SecurityElement.Escape(runtime)}\" />";
        File.WriteAllText(Path.Combine(target, "Directory.Build.targets"), $"""
            <Project>
              <!-- What samples/Directory.Build.targets gives the sample, from the assemblies built for the tests. -->
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>

            """);
        return project;
    }

    /// <summary>Builds one copy (output in its own bin/ and obj/) and returns the assembly and the DUR warnings.</summary>
    private static (string Assembly, string[] Warnings) BuildProject(string project)
    {
        // No compiler server: it would outlive the test.
        ToolResult build = DotnetCli.Run(project, "build", "-c", "Release", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Require(build);
        string[] warnings = Regex.Matches(build.StandardOutput, @"^\s*(?<file>[^\s(][^(]*)\((?<position>\d+,\d+)\): warning (?<id>DUR\d+):", RegexOptions.Multiline)
            .Select(m => $"{Path.GetFileName(m.Groups["file"].Value)}({m.Groups["position"].Value}): {m.Groups["id"].Value}")
            .Distinct()
            .OrderBy(w => w, StringComparer.Ordinal)
            .ToArray();
        string assembly = Path.Combine(project, "bin", "Release", "net10.0", "CommentStore.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"The build did not produce '{assembly}':\n{build.StandardOutput}");
        }

        return (assembly, warnings);
    }

    /// <summary>Removes the copies a killed test process left behind (those whose process is gone).</summary>
    private static void RemoveStaleCopies()
    {
        foreach (string directory in Directory.GetDirectories(Path.GetTempPath(), WorkPrefix + "*"))
        {
            string[] parts = Path.GetFileName(directory)[WorkPrefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"Could not delete '{directory}': {exception.Message}");
                }
            }
        }
    }

    private static Dictionary<string, string> Sources(string project) =>
        Directory.GetFiles(project, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    private static void Require(ToolResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{result.CommandLine}' failed with exit code {result.ExitCode}:\n{result.StandardOutput}");
        }
    }

    private static string RepositoryRoot() =>
        Testing.RepositoryRoot.Find()
        ?? throw new InvalidOperationException($"No Analyzers.sln above '{AppContext.BaseDirectory}': the sample application is not there to build.");
}
