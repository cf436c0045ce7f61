using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DurableWrites.Analyzers.Tests;

/// <summary>All five rules at once: one problem, one diagnostic, from the most precise rule.</summary>
public class CrossRuleTests
{
    private static async Task<string[]> IdsAsync(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        ImmutableArray<Diagnostic> diagnostics = await AllRules.AnalyzeAsync(source, kind);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id + "@" + d.Location.GetLineSpan().StartLinePosition.Line).ToArray(); // zero-based lines
    }

    [Fact]
    public async Task ScratchFilesDeletedAfterUse_AreNotReported_UnlessTheDeleteMayNotRun()
    {
        const string source = """
            using System;
            using System.Diagnostics;
            using System.IO;

            class Tool
            {
                void Deleted(string input, string text, byte[] data, string source)
                {
                    File.WriteAllText(input, text);
                    Process.Start("tool", input)!.WaitForExit();
                    File.Delete(input);
                    try
                    {
                        using var fs = File.Create(input + ".bin");
                        fs.Write(data);
                        File.Copy(source, input + ".copy", true);
                        Process.Start("tool", input + ".bin")!.WaitForExit();
                    }
                    finally
                    {
                        if (File.Exists(input + ".bin")) File.Delete(input + ".bin");
                        File.Delete(input + ".copy");
                    }
                }

                void Kept(string output, string text, bool keep, Action<Action> later)
                {
                    try { File.WriteAllText(output, text); }
                    catch (IOException) { File.Delete(output); throw; }
                    File.WriteAllText(output + ".a", text);
                    if (!keep) File.Delete(output + ".a");
                    File.WriteAllText(output + ".b", text);
                    if (keep) return;
                    File.Delete(output + ".b");
                    File.WriteAllText(output + ".c", text);
                    later(() => File.Delete(output + ".c"));
                }
            }
            """;
        string[] ids = await IdsAsync(source);
        // Deleted only on failure, under a condition, after a return, or in a callback: each may be kept.
        Assert.Equal(new[] { "DUR004@27", "DUR004@29", "DUR004@31", "DUR004@34" }, ids);
    }

    [Fact]
    public async Task FilesInAStagingDirectoryDeletedAfterUse_AreNotReported_UnlessTheDeleteMayNotRunOrIsElsewhere()
    {
        const string source = """
            using System.IO;
            using System.IO.Compression;

            class Exporter
            {
                void Staged(string staging, string zipPath, string text, byte[] data)
                {
                    Directory.CreateDirectory(staging);
                    File.WriteAllText(Path.Combine(staging, "index.xml"), text);
                    string nested = Path.Combine(staging, "docs", "a.xml");
                    var page = Path.Join(nested, "page.bin");
                    using (var fs = new FileStream(page, FileMode.Create)) { fs.Write(data); }
                    File.WriteAllText(Path.Combine(staging, "b", "c", "d", "e.txt"), text);
                    ZipFile.CreateFromDirectory(staging, zipPath);
                    foreach (string file in Directory.GetFiles(staging)) File.Delete(file);
                    Directory.Delete(staging, true);
                }

                void MaybeKept(string staging, string text, bool cleanUp)
                {
                    File.WriteAllText(Path.Combine(staging, "kept.txt"), text);
                    if (cleanUp) Directory.Delete(staging, true);
                }

                void Kept(string staging, string other, string text)
                {
                    File.WriteAllText(Path.Combine(other, "beside.txt"), text);
                    File.WriteAllText(Path.Combine(Path.GetDirectoryName(staging)!, "parent.txt"), text);
                    File.WriteAllText(staging + "/concatenated.txt", text);
                    Directory.Delete(staging, true);
                }

                void StagedInfo(string root, string text)
                {
                    var staging = Directory.CreateDirectory(Path.Combine(root, "staging"));
                    File.WriteAllText(Path.Combine(staging.FullName, "a.txt"), text);
                    staging.Delete(true);
                }
            }
            """;
        string[] ids = await IdsAsync(source);
        // Only the zip; then a delete under a condition, another directory, the parent, a path not built by Path.Combine.
        Assert.Equal(new[] { "DUR004@13", "DUR004@20", "DUR004@26", "DUR004@27", "DUR004@28" }, ids);
    }

    [Fact]
    public async Task HandRolledReplace_GetsOneDur005()
    {
        string[] ids = await IdsAsync(Samples.AtomicSave);
        // The copy before the sync is left to DUR003, whose fix flushes the copy and its directory entry.
        Assert.Equal(new[] { "DUR005@9", "DUR005@20", "DUR003@26", "DUR002@31" }, ids);
    }

    [Fact]
    public async Task TemporaryFileWrittenInBranchesOrTwice_GetsOnlyTheRenamesDur005()
    {
        string[] ids = await IdsAsync(Samples.GameSave);
        Assert.Equal(new[] { "DUR005@19", "DUR005@23", "DUR005@32" }, ids);
    }

    [Fact]
    public async Task AFieldOpenedAndClosedByOneMethod_GetsOneDur001_NotDur002()
    {
        string[] ids = await IdsAsync(Samples.WorldSave);
        Assert.Equal(new[] { "DUR001@8" }, ids);
    }

    [Fact]
    public async Task CompressorTrailerAndConfigureAwaitDisposal_GetDur001()
    {
        string[] ids = await IdsAsync(Samples.Archiver);
        Assert.Equal(new[] { "DUR001@8", "DUR001@17" }, ids);
    }

    [Fact]
    public async Task VariablesOfSeveralStreams_EachUnflushedStreamGetsDur001()
    {
        string[] ids = await IdsAsync(Samples.Journal);
        // Both streams of the ?: are written unflushed; the reused variable's first file and the writer's file are
        // flushed to disk (the latter through BaseStream), and only their new names are missing a directory flush,
        // as is the marker's.
        Assert.Equal(new[] { "DUR001@7", "DUR001@7", "DUR002@13", "DUR001@17", "DUR002@24", "DUR002@33" }, ids);
    }

    [Fact]
    public async Task CreatedUnflushedStream_GetsOneDur001()
    {
        string[] ids = await IdsAsync(Samples.CommentStore);
        Assert.Equal(new[] { "DUR001@17" }, ids);
    }

    [Fact]
    public async Task SettingsService_EveryUnsafeWriteOnce()
    {
        string[] ids = await IdsAsync(Samples.SettingsService);
        Assert.Equal(new[] { "DUR001@18", "DUR001@24", "DUR004@28", "DUR004@31", "DUR004@35" }, ids);
    }

    [Fact]
    public async Task TopLevelStatements()
    {
        string[] ids = await IdsAsync(Samples.TopLevelProgram, OutputKind.ConsoleApplication);
        Assert.Equal(new[] { "DUR004@3", "DUR004@8" }, ids);
    }

    [Fact]
    public async Task WritesBeforeAGlobalSync_AreLeftToDur003()
    {
        string[] ids = await IdsAsync(Samples.Exporter);
        Assert.Equal(new[] { "DUR003@15", "DUR003@26", "DUR004@29", "DUR003@35", "DUR002@36" }, ids);
    }

    /// <summary>
    /// dotnet format fixes one rule after another, in an order it does not keep from run to run: every order must give
    /// the same code, with nothing left to report.
    /// </summary>
    [Fact]
    public async Task FixingEveryRule_GivesTheSameCode_InAnyOrder()
    {
        string[][] orders =
        {
            new[] { "DUR001", "DUR002", "DUR003", "DUR004", "DUR005" },
            new[] { "DUR005", "DUR004", "DUR003", "DUR002", "DUR001" },
            new[] { "DUR003", "DUR001", "DUR002", "DUR004", "DUR005" },
            new[] { "DUR001", "DUR002", "DUR004", "DUR005", "DUR003" },
        };
        foreach (string source in new[] { Samples.Exporter, Samples.AtomicSave, Samples.SettingsService, Samples.GameSave, Samples.Archiver, Samples.Journal })
        {
            var results = new List<string>();
            foreach (string[] order in orders)
            {
                results.Add(await FixEveryRuleAsync(source, order));
            }

            Assert.All(results, result => Assert.Equal(results[0], result));
            Assert.Empty(await AllRules.AnalyzeAsync(results[0]));
        }
    }

    private static async Task<string> FixEveryRuleAsync(string source, string[] order)
    {
        Project project = AllRules.CreateProject(source);
        foreach (string id in order)
        {
            (ImmutableArray<Diagnostic> diagnostics, _) = await AllRules.AnalyzeAsync(project);
            if (diagnostics.FirstOrDefault(d => d.Id == id) is not { } first)
            {
                continue;
            }

            // As dotnet format does: the first fix offered for the rule, applied to all of its diagnostics.
            CodeFixProvider fixer = AllRules.Fixers.Single(f => f.FixableDiagnosticIds.Contains(id));
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(project.Documents.Single(), first, (action, _) => actions.Add(action), CancellationToken.None));
            if (actions.Count == 0)
            {
                continue;
            }

            Solution solution = await AllRules.FixAllAsync(project, fixer, actions[0].EquivalenceKey!, FixAllScope.Document);
            project = solution.GetProject(project.Id)!;
        }

        return (await project.Documents.Single().GetTextAsync()).ToString();
    }
}
