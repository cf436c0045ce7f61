using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DurableWrites.PackageTests.Infrastructure;
using Xunit;

namespace DurableWrites.PackageTests;

/// <summary>
/// The samples the README points at. Each test works on a copy of samples/ in a temporary directory (whose
/// Directory.Build.targets references this repository's analyzer and runtime projects by absolute path), so a fresh
/// compile shows every diagnostic and nothing is written into the repository.
/// </summary>
public sealed class SampleTests : IDisposable
{
    /// <summary>What `dotnet build samples/CommentStore` reports: every rule, and nothing in PageCache.cs, whose writes
    /// samples/.editorconfig declares non-durable.</summary>
    private static readonly (string File, string Id)[] UnsafeSampleDiagnostics =
    {
        ("ActivityLog.cs", "DUR004"),
        ("Comments.cs", "DUR001"),
        ("Comments.cs", "DUR002"),
        ("Export.cs", "DUR003"),
        ("Settings.cs", "DUR004"),
        ("Settings.cs", "DUR005"),
    };

    private readonly TempDirectory _work = new("durablewrites-samples");
    private readonly Dotnet _dotnet = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void The_unsafe_sample_builds_with_a_warning_for_every_rule()
    {
        string samples = CopySamples();

        CommandResult build = Build(Path.Combine(samples, "CommentStore"));

        Assert.True(build.Succeeded, build.ToString());
        Assert.Equal(UnsafeSampleDiagnostics, build.Diagnostics("warning").Where(d => d.Id.StartsWith("DUR", StringComparison.Ordinal)));
        Assert.Empty(build.Diagnostics("error"));
    }

    [Fact]
    public void The_ci_gate_sample_fails_the_build_on_every_rule()
    {
        string samples = CopySamples();

        CommandResult build = Build(Path.Combine(samples, "CommentStore.CiGate"));

        Assert.False(build.Succeeded, build.ToString());
        Assert.Equal(UnsafeSampleDiagnostics, build.Diagnostics("error"));
    }

    [Fact]
    public void Dotnet_format_turns_the_unsafe_sample_into_the_committed_fixed_sample()
    {
        string samples = CopySamples();
        string project = Path.Combine(samples, "CommentStore");

        // dotnet format loads the analyzers from the referenced projects' output, built in the tests' configuration.
        CommandResult format = _dotnet.With("Configuration", Repository.Configuration).Run(project, "format", "analyzers", "CommentStore.csproj", "--diagnostics", "DUR001", "DUR002", "DUR003", "DUR004", "DUR005", "--severity", "warn");
        Assert.True(format.Succeeded, format.ToString());

        // File by file, the tool's output is the committed samples/CommentStore.Fixed.
        string committed = Repository.PathOf("samples", "CommentStore.Fixed");
        Assert.Equal(SourcesOf(committed).Keys, SourcesOf(project).Keys);
        foreach (var (name, text) in SourcesOf(project))
        {
            Assert.True(text == SourcesOf(committed)[name], $"{name} differs from samples/CommentStore.Fixed/{name}:\n{text}");
        }

        CommandResult build = Build(project);
        Assert.True(build.Succeeded, build.ToString());
        Assert.DoesNotContain(build.Diagnostics("warning"), d => d.Id.StartsWith("DUR", StringComparison.Ordinal));
        Assert.Empty(build.Diagnostics("error"));

        // The fixed app still does its job.
        string app = Path.Combine(project, "bin", Repository.Configuration, "net10.0", "CommentStore.dll");
        string data = _work.Combine("data");
        string id = Ok(_dotnet.Run(_work.Path, app, data, "add", "ann", "First!")).Output.Split('\n')[0].Trim();
        Ok(_dotnet.Run(_work.Path, app, data, "approve", id));
        Ok(_dotnet.Run(_work.Path, app, data, "settings", "My blog"));
        Ok(_dotnet.Run(_work.Path, app, data, "export"));
        Assert.Contains($"{id} ann: First!", Ok(_dotnet.Run(_work.Path, app, data, "list")).Output);
        Assert.Contains("\"Title\":\"My blog\"", File.ReadAllText(Path.Combine(data, "settings.json")));
        Assert.Contains("First!", File.ReadAllText(Path.Combine(data, "export.json")));
        Assert.Contains($"<li id=\"{id}\">", File.ReadAllText(Path.Combine(data, "cache", "approved.html")));
        Assert.Equal(new[] { $"added {id} by ann", $"approved {id}" }, File.ReadAllLines(Path.Combine(data, "activity.log")).Select(l => l.Split(' ', 2)[1]));

        // And the committed fixed sample builds where it is.
        CommandResult inPlace = _dotnet.Run(committed, "build", "-c", Repository.Configuration, "-tl:off", "-nodeReuse:false");
        Assert.True(inPlace.Succeeded, inPlace.ToString());
        Assert.DoesNotContain(inPlace.Diagnostics("warning"), d => d.Id.StartsWith("DUR", StringComparison.Ordinal));
    }

    /// <summary>Builds in the tests' configuration, so the referenced src/ projects are already up to date.</summary>
    private CommandResult Build(string project) =>
        _dotnet.Run(project, "build", "-c", Repository.Configuration, "-tl:off", "-nodeReuse:false");

    /// <summary>samples/ (without build output) and the repository's root .editorconfig, copied to the temporary directory.</summary>
    private string CopySamples()
    {
        string source = Repository.PathOf("samples");
        string target = _work.Combine("samples");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            string[] parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        File.Copy(Repository.PathOf(".editorconfig"), _work.Combine(".editorconfig"));
        string targets = Path.Combine(target, "Directory.Build.targets");
        string text = File.ReadAllText(targets);
        Assert.Contains("$(MSBuildThisFileDirectory)../src/", text);
        File.WriteAllText(targets, text.Replace("$(MSBuildThisFileDirectory)../src/", Repository.PathOf("src") + "/"));
        return target;
    }

    private static SortedDictionary<string, string> SourcesOf(string directory) =>
        new(Directory.GetFiles(directory, "*.cs").ToDictionary(f => Path.GetFileName(f), File.ReadAllText), StringComparer.Ordinal);

    private static CommandResult Ok(CommandResult result)
    {
        Assert.True(result.Succeeded, result.ToString());
        return result;
    }
}
