using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DurableWrites.PackageTests.Infrastructure;
using Xunit;

namespace DurableWrites.PackageTests;

/// <summary>
/// A user's first hour: a new console app, `dotnet add package DurableWrites.Analyzers` from the packed feed, a build that
/// shows the DUR warnings (and a SARIF log for code scanning), `dotnet format analyzers` to fix them, a clean build, and a
/// run that writes through the runtime the package brought along.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConsumerProjectTests : IDisposable
{
    private static readonly string[] AllRules = { "DUR001", "DUR002", "DUR003", "DUR004", "DUR005" };

    /// <summary>Notes kept in files, written the usual way: every rule has something to say.</summary>
    private const string UnsafeProgram = """
        using System.Diagnostics;
        using System.Text;

        string root = args[0];
        var notes = new Notes(root);
        notes.Add("first", "hello");
        notes.Publish("first");
        notes.SaveIndex(new[] { "first" });
        notes.Log("published first");
        notes.Export();

        Console.WriteLine("published: " + string.Join(",", Directory.GetFiles(Path.Combine(root, "published")).Select(Path.GetFileName)));
        Console.WriteLine("index: " + File.ReadAllText(Path.Combine(root, "index.txt")).Trim());
        Console.WriteLine("log: " + File.ReadAllText(Path.Combine(root, "notes.log")).Trim());
        Console.WriteLine("export: " + File.ReadAllText(Path.Combine(root, "export.txt")));
        var runtime = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "DurableWrites");
        Console.WriteLine("DurableWrites: " + (runtime is null ? "not loaded" : runtime.Location));

        sealed class Notes
        {
            private readonly string _root;

            public Notes(string root)
            {
                _root = root;
                Directory.CreateDirectory(Path.Combine(root, "drafts"));
                Directory.CreateDirectory(Path.Combine(root, "published"));
            }

            public void Add(string name, string text)
            {
                using (var stream = new FileStream(Path.Combine(_root, "drafts", name + ".txt"), FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes(text));
                }
            }

            public void Publish(string name) =>
                File.Move(Path.Combine(_root, "drafts", name + ".txt"), Path.Combine(_root, "published", name + ".txt"));

            public void SaveIndex(IEnumerable<string> names)
            {
                string index = Path.Combine(_root, "index.txt");
                File.WriteAllLines(index + ".tmp", names);
                File.Move(index + ".tmp", index, overwrite: true);
            }

            public void Log(string line) => File.AppendAllText(Path.Combine(_root, "notes.log"), line + "\n");

            public void Export()
            {
                string path = Path.Combine(_root, "export.txt");
                using (FileStream stream = File.Create(path))
                {
                    stream.Write(Encoding.UTF8.GetBytes("1 note"));
                }

                Process.Start("sync")?.WaitForExit();
            }
        }
        """;

    private readonly PackedFeed _packed;
    private readonly TempDirectory _work = new("durablewrites-consumer");
    private readonly Dotnet _dotnet;

    public ConsumerProjectTests(PackedFeed packed)
    {
        _packed = packed;
        // A package folder of its own: what is restored is what this run packed, never a stale copy of the same version.
        _dotnet = new Dotnet(nugetPackages: _work.Combine("packages"));
    }

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Add_package_build_fix_build_and_run()
    {
        string app = _work.Combine("App");
        Ok(_dotnet.Run(_work.Path, "new", "console", "-n", "App", "-o", app, "--framework", "net10.0", "--no-restore"));
        // The local feed for our packages; the usual source for anything else the SDK may need.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_packed.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="DurableWrites" />
                  <package pattern="DurableWrites.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        // Exactly what a user types; then the reference must be the plain one `dotnet add package` writes.
        Ok(_dotnet.Run(app, "add", "package", "DurableWrites.Analyzers", "--version", _packed.Version, "--source", _packed.Feed));
        XElement reference = XDocument.Load(Path.Combine(app, "App.csproj")).Descendants("PackageReference").Single();
        Assert.Equal("DurableWrites.Analyzers", reference.Attribute("Include")!.Value);
        Assert.Equal(_packed.Version, reference.Attribute("Version")!.Value);
        Assert.Empty(reference.Elements());
        Assert.Equal(new[] { "Include", "Version" }, reference.Attributes().Select(a => a.Name.LocalName));
        // Restored from this run's feed, bit for bit.
        Assert.Equal(
            Sha512(_packed.PackagePath("DurableWrites.Analyzers")),
            File.ReadAllText(_work.Combine("packages", "durablewrites.analyzers", _packed.Version, $"durablewrites.analyzers.{_packed.Version}.nupkg.sha512")));

        File.WriteAllText(Path.Combine(app, "Program.cs"), UnsafeProgram);
        string fakeBin = FakeSync();

        // 1. The build reports every rule, with its help link, in the console and in SARIF.
        string sarif = _work.Combine("unsafe.sarif");
        CommandResult unsafeBuild = Ok(Build(app, sarif));
        Assert.Equal(AllRules, unsafeBuild.Diagnostics("warning").Select(d => d.Id).Where(IsDur).Distinct());
        Assert.Empty(unsafeBuild.Diagnostics("error"));
        AssertSarif(sarif, expectResults: AllRules);

        // The unfixed program works, the old way: the global sync ran and the runtime, although copied, was never loaded.
        string output = Path.Combine(app, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "DurableWrites.dll")), "the runtime is not in the app's output");
        CommandResult before = Ok(RunApp(output, fakeBin, _work.Combine("data-before")));
        Assert.Contains("DurableWrites: not loaded", before.Output);
        Assert.True(File.Exists(_work.Combine("data-before.sync-ran")), "the unfixed program did not call sync");

        // 2. Fix everything from the command line.
        Ok(_dotnet.Run(app, "format", "analyzers", "App.csproj", "--diagnostics", "DUR001", "DUR002", "DUR003", "DUR004", "DUR005", "--severity", "warn"));
        string fixedSource = File.ReadAllText(Path.Combine(app, "Program.cs"));
        Assert.Contains("using DurableWrites;", fixedSource);
        Assert.Contains("DurableFile.", fixedSource);
        Assert.DoesNotContain("Process.Start(\"sync\")", fixedSource);

        // 3. The fixed code compiles against the runtime the package brought, with no DUR diagnostic left.
        string fixedSarif = _work.Combine("fixed.sarif");
        CommandResult fixedBuild = Ok(Build(app, fixedSarif));
        Assert.DoesNotContain(fixedBuild.Diagnostics("warning"), d => IsDur(d.Id));
        Assert.Empty(fixedBuild.Diagnostics("error"));
        AssertSarif(fixedSarif, expectResults: Array.Empty<string>());

        // 4. It runs, writing through DurableWrites.dll from its own output directory, with the same results.
        CommandResult after = Ok(RunApp(output, fakeBin, _work.Combine("data-after")));
        Assert.Contains($"DurableWrites: {Path.Combine(output, "DurableWrites.dll")}", after.Output);
        Assert.False(File.Exists(_work.Combine("data-after.sync-ran")), "the fixed program still calls sync");
        Assert.Equal(Results(before.Output), Results(after.Output));
        Assert.Equal("published: first.txt|index: first|log: published first|export: 1 note", string.Join("|", Results(after.Output)));

        // Control: the same fixed code against a developmentDependency-style reference (no compile assets) does not
        // compile. This is why the package is not one, and shows the build above compiled against the runtime.
        XDocument project = XDocument.Load(Path.Combine(app, "App.csproj"));
        XElement restricted = project.Descendants("PackageReference").Single();
        restricted.Add(new XElement("PrivateAssets", "all"), new XElement("IncludeAssets", "runtime; build; native; contentfiles; analyzers; buildtransitive"));
        project.Save(Path.Combine(app, "App.csproj"));
        CommandResult withoutCompileAssets = Build(app, _work.Combine("control.sarif"));
        Assert.False(withoutCompileAssets.Succeeded, withoutCompileAssets.ToString());
        Assert.Contains(withoutCompileAssets.Diagnostics("error"), d => d.Id is "CS0246" or "CS0103");
    }

    private CommandResult Build(string project, string sarif) =>
        _dotnet.Run(project, "build", "-c", "Release", $"-p:ErrorLog={sarif}%2Cversion=2.1", "-tl:off", "-nodeReuse:false");

    private CommandResult RunApp(string output, string fakeBin, string data) =>
        _dotnet
            .With("PATH", fakeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"))
            .With("SYNC_MARKER", data + ".sync-ran")
            .Run(output, Path.Combine(output, "App.dll"), data);

    /// <summary>A `sync` first on PATH that records that it ran, instead of flushing every filesystem of the machine.</summary>
    private string FakeSync()
    {
        string bin = _work.Combine("fakebin");
        Directory.CreateDirectory(bin);
        string sync = Path.Combine(bin, "sync");
        File.WriteAllText(sync, "#!/bin/sh\necho ran > \"$SYNC_MARKER\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(sync, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    /// <summary>The SARIF 2.1 log has the expected DUR results, and describes every DUR rule with its help link into rules.md.</summary>
    private void AssertSarif(string path, IReadOnlyCollection<string> expectResults)
    {
        using JsonDocument log = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
        JsonElement run = Assert.Single(log.RootElement.GetProperty("runs").EnumerateArray());
        var results = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!).Where(IsDur).Distinct().OrderBy(id => id);
        Assert.Equal(expectResults, results);

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(rule => IsDur(rule.GetProperty("id").GetString()!))
            .ToDictionary(rule => rule.GetProperty("id").GetString()!, rule => rule.GetProperty("helpUri").GetString()!);
        Assert.Equal(AllRules, rules.Keys.OrderBy(id => id));

        // One repository URL everywhere: the help links start with the packages' repository URL, and each names a section of rules.md.
        string rulesDocument = _packed.AnalyzerNuspec.Element("repository")!.Attribute("url")!.Value + "/blob/main/rules.md#";
        var anchors = RulesMdAnchors();
        foreach (var (id, helpUri) in rules)
        {
            Assert.StartsWith(rulesDocument + id.ToLowerInvariant() + "-", helpUri);
            Assert.Contains(helpUri.Substring(rulesDocument.Length), anchors);
        }
    }

    /// <summary>The anchors GitHub gives rules.md's headings.</summary>
    private static HashSet<string> RulesMdAnchors() =>
        File.ReadLines(Repository.PathOf("rules.md"))
            .Where(line => line.StartsWith("#", StringComparison.Ordinal))
            .Select(line => Regex.Replace(line.TrimStart('#').Trim().ToLowerInvariant(), @"[^\p{L}\p{N} _-]", "").Replace(' ', '-'))
            .ToHashSet();

    private static IEnumerable<string> Results(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries).Where(line => Regex.IsMatch(line, "^(published|index|log|export): "));

    private static bool IsDur(string id) => id.StartsWith("DUR", StringComparison.Ordinal);

    private static string Sha512(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(stream));
    }

    private static CommandResult Ok(CommandResult result)
    {
        Assert.True(result.Succeeded, result.ToString());
        return result;
    }
}
