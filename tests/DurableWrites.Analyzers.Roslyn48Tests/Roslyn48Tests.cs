using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DurableWrites.Analyzers.Roslyn48Tests;

public sealed class Roslyn48Tests
{
    private static readonly Version Roslyn48 = new(4, 8, 0, 0);

    /// <summary>One instance of every rule, in the shapes of samples/CommentStore, a journal whose stream and trace writer are fields, and an atomic file stream.</summary>
    private const string Store = """
        using System;
        using System.Diagnostics;
        using System.IO;
        using System.Text;

        namespace App;

        public sealed class Store
        {
            private readonly string _root;

            public Store(string root) => _root = root;

            public void AddComment(string id, string text)
            {
                using (var stream = new FileStream(Path.Combine(_root, id + ".comment"), FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream, Encoding.UTF8))
                {
                    writer.Write(text);
                }
            }

            public void Approve(string id) => File.Move(Path.Combine(_root, "pending", id), Path.Combine(_root, "approved", id));

            public void FlushEverything() => Process.Start("sync")?.WaitForExit();

            public void Touch() => File.WriteAllText(Path.Combine(_root, "settings.cache"), DateTime.UtcNow.ToString("o"));

            public void SaveSettings(string json)
            {
                string path = Path.Combine(_root, "settings.json");
                File.WriteAllText(path + ".tmp", json);
                File.Move(path + ".tmp", path, overwrite: true);
            }
        }

        public sealed class Journal
        {
            private readonly FileStream _log = new("journal", FileMode.Append);
            private readonly StreamWriter _trace = new("journal.log", append: true);

            public void Append(byte[] entry)
            {
                _log.Write(entry);
                _log.Flush();
                _trace.WriteLine(entry.Length);
                _trace.Flush();
            }
        }

        public sealed class AtomicFileStream : FileStream
        {
            private readonly string _target;
            private readonly string _temp;

            public AtomicFileStream(string target, string temp) : base(temp, FileMode.Create)
            {
                _target = target;
                _temp = temp;
            }

            public override void Close()
            {
                base.Close();
                File.Move(_temp, _target, overwrite: true);
            }
        }
        """;

    [Fact]
    public void The_tests_host_Roslyn_4_8_and_the_analyzers_need_nothing_newer()
    {
        Assert.Equal(Roslyn48, typeof(CSharpCompilation).Assembly.GetName().Version);
        Assert.Equal(Roslyn48, typeof(Compilation).Assembly.GetName().Version);

        // What a compiler checks before it loads an analyzer (CS9057 when the analyzer references a newer compiler).
        foreach (string file in new[] { "DurableWrites.Analyzers.dll", "DurableWrites.CodeFixes.dll" })
        {
            using var pe = new PEReader(File.OpenRead(Path.Combine(AnalyzerHost.AnalyzerDirectory, file)));
            MetadataReader metadata = pe.GetMetadataReader();
            var roslyn = metadata.AssemblyReferences
                .Select(metadata.GetAssemblyReference)
                .Where(r => metadata.GetString(r.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .ToDictionary(r => metadata.GetString(r.Name), r => r.Version);
            Assert.Contains("Microsoft.CodeAnalysis", roslyn.Keys);
            Assert.All(roslyn, r => Assert.True(r.Value <= Roslyn48, $"{file} references {r.Key} {r.Value}, newer than the .NET 8 SDK's compiler"));
        }
    }

    [Fact]
    public async Task Every_rule_runs_in_Roslyn_4_8()
    {
        var host = new AnalyzerHost();
        Assert.Empty(host.LoadFailures);
        Assert.Equal(
            new[] { "DUR001", "DUR002", "DUR003", "DUR004", "DUR005" },
            host.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id));

        CSharpCompilation compilation = AnalyzerHost.Compile(Store);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await host.RunAsync(compilation);

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Equal(
            new[] { "DUR001@16", "DUR001@45", "DUR001@47", "DUR002@23", "DUR003@25", "DUR004@27", "DUR004@40", "DUR005@33", "DUR005@65" },
            diagnostics.Select(d => $"{d.Id}@{d.Location.GetLineSpan().StartLinePosition.Line + 1}").OrderBy(s => s));
        Assert.All(diagnostics, d => Assert.StartsWith("https://github.com/durablewrites/durablewrites/blob/main/rules.md#" + d.Id.ToLowerInvariant(), d.Descriptor.HelpLinkUri));
    }

    [Fact]
    public async Task Editorconfig_options_reach_the_rules_in_Roslyn_4_8()
    {
        var host = new AnalyzerHost();
        CSharpCompilation compilation = AnalyzerHost.Compile(Store);

        var diagnostics = await host.RunAsync(compilation, new Dictionary<string, string>
        {
            ["durable_writes.non_durable_paths"] = "*.cache, *.log",
        });

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Equal(new[] { "DUR001", "DUR001", "DUR002", "DUR003", "DUR005", "DUR005" }, diagnostics.Select(d => d.Id).OrderBy(id => id));
    }
}
