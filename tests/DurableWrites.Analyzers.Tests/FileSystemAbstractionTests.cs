using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// Calls made through System.IO.Abstractions' IFileSystem (<c>fileSystem.File.WriteAllText(…)</c>): its real
/// implementation hands them to System.IO, so they are reported like System.IO's own. A fix must keep the code on the
/// file system it was given (a MockFileSystem in its tests), so only a stream's own <c>Flush(true)</c> is offered.
/// </summary>
public class FileSystemAbstractionTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Abstractions;
        using System.Text;

        """;

    private static Project Project(string source) =>
        AllRules.CreateProject(Usings + source).AddMetadataReferences(TestReferences.FileSystemAbstractions);



    [Fact]
    public async Task OneShotWritesThroughIFile_AreReported_WithNoFixThatLeavesTheAbstraction()
    {
        Project project = Project("""
            class SettingsStore
            {
                private readonly IFileSystem _fileSystem;
                private readonly IFile _file;

                public SettingsStore(IFileSystem fileSystem)
                {
                    _fileSystem = fileSystem;
                    _file = fileSystem.File;
                }

                public void Save(string path, string json) => _fileSystem.File.WriteAllText(path, json);

                public void SaveBytes(string path, byte[] data) => _file.WriteAllBytes(path, data);

                public System.Threading.Tasks.Task SaveAsync(string path, string json) => _file.WriteAllTextAsync(path, json, Encoding.UTF8);

                public void Log(string path, string line) => _file.AppendAllText(path, line);

                public void Export(string path, string text)
                {
                    IFileInfo info = _fileSystem.FileInfo.New(path);
                    using StreamWriter writer = info.CreateText();
                    writer.Write(text);
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "DUR004: 'IFile.WriteAllText' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'IFile.WriteAllBytes' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'IFile.WriteAllTextAsync' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'IFile.AppendAllText' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
                "DUR004: 'IFileInfo.CreateText' writes 'info' without flushing it to disk: after a crash or power cut the file can be empty or partly written",
            },
            await AllRules.MessagesAsync(project));
        Assert.Empty(await AllRules.OffersAsync(project));
    }

    [Fact]
    public async Task StreamsThroughTheAbstraction_AreReported_AndTheirFlushFixCallsTheStreamsOwnFlush()
    {
        Project project = Project("""
            class BlobStore
            {
                private readonly IFileSystem _fileSystem;

                public BlobStore(IFileSystem fileSystem) => _fileSystem = fileSystem;

                public void Put(string path, byte[] data)
                {
                    using FileSystemStream stream = _fileSystem.File.Create(path);
                    stream.Write(data, 0, data.Length);
                }

                public void Overwrite(string path, byte[] data)
                {
                    using (var stream = _fileSystem.FileStream.New(path, FileMode.Open, FileAccess.Write))
                    {
                        stream.Write(data, 0, data.Length);
                    }
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "DUR001: 'stream' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written",
                "DUR001: 'stream' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written",
            },
            await AllRules.MessagesAsync(project));

        var offers = await AllRules.OffersAsync(project);
        Assert.Equal(new[] { "Flush to disk after the last write", "Flush to disk after the last write" }, offers.Select(o => o.Action.Title).ToArray());

        foreach (var offer in offers)
        {
            Project fixedProject = (await AllRules.ApplyAsync(offer.Action)).GetProject(project.Id)!;
            Assert.Empty(await AllRules.CompilerErrorsAsync(fixedProject));
            string text = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
            Assert.Contains("stream.Flush(true);", text);
            Assert.DoesNotContain("DurableWrites", text);
        }
    }

    [Fact]
    public async Task StreamsThroughTheAbstraction_FlushedToDisk_AreNotReported()
    {
        Project project = Project("""
            class BlobStore
            {
                private readonly IFileSystem _fileSystem;

                public BlobStore(IFileSystem fileSystem) => _fileSystem = fileSystem;

                public void Overwrite(string path, byte[] data)
                {
                    using var stream = _fileSystem.File.Open(path, FileMode.Open, FileAccess.Write);
                    stream.Write(data, 0, data.Length);
                    stream.Flush(true);
                }

                public void OverwriteFlushedToTheCache(string path, byte[] data)
                {
                    using var unflushed = _fileSystem.File.Open(path, FileMode.Open, FileAccess.Write);
                    unflushed.Write(data, 0, data.Length);
                    unflushed.Flush();
                }
            }
            """);

        Assert.Equal(
            new[] { "DUR001: 'unflushed' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(project));
    }

    [Fact]
    public async Task RenamesThroughIFile_AreReported_WithNoFix()
    {
        Project project = Project("""
            class Queue
            {
                private readonly IFileSystem _fileSystem;

                public Queue(IFileSystem fileSystem) => _fileSystem = fileSystem;

                public void Save(string path, string json)
                {
                    string temp = path + ".tmp";
                    _fileSystem.File.WriteAllText(temp, json);
                    _fileSystem.File.Move(temp, path, true);
                }

                public void Commit(string pending, string committed) => _fileSystem.File.Move(pending, committed);
            }
            """);

        Assert.Equal(
            new[]
            {
                "DUR005: 'IFile.Move' renames 'temp' over 'path' but the data written to 'temp' was not flushed to disk: after a crash 'path' can be empty",
                "DUR002: Moving to 'committed' changes a directory that nothing in this method flushes to disk: after a crash the change can be lost",
            },
            await AllRules.MessagesAsync(project));
        Assert.Empty(await AllRules.OffersAsync(project));
    }

    [Fact]
    public async Task TemporaryPathsOfTheAbstraction_AreNotReported()
    {
        Project project = Project("""
            class Scratch
            {
                private readonly IFileSystem _fileSystem;

                public Scratch(IFileSystem fileSystem) => _fileSystem = fileSystem;

                public void Write(string text) =>
                    _fileSystem.File.WriteAllText(_fileSystem.Path.Combine(_fileSystem.Path.GetTempPath(), "scratch.txt"), text);

                public void WriteInTheTemporaryDirectory(string text)
                {
                    IDirectoryInfo scratch = _fileSystem.Directory.CreateTempSubdirectory();
                    _fileSystem.File.WriteAllText(_fileSystem.Path.Combine(scratch.FullName, "scratch.txt"), text);
                }

                public void Keep(string directory, string text) =>
                    _fileSystem.File.WriteAllText(_fileSystem.Path.Combine(directory, "kept.txt"), text);
            }
            """);

        Assert.Equal(
            new[] { "DUR004: 'IFile.WriteAllText' writes '_fileSystem.Path.Combine(directory, \"kept.txt\")' without flushing it to disk: after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(project));
    }

    [Fact]
    public async Task TypesOfTheSameNameElsewhere_AreNotTheAbstraction()
    {
        Project project = Project("""
            namespace MyApp
            {
                interface IFile
                {
                    void WriteAllText(string path, string contents);
                }

                class Caller
                {
                    void Save(IFile file, string path, string text) => file.WriteAllText(path, text);

                    void SaveThroughTheAbstraction(System.IO.Abstractions.IFile file, string path, string text) => file.WriteAllText(path, text);
                }
            }
            """);

        Assert.Equal(
            new[] { "DUR004: 'IFile.WriteAllText' writes 'path' without flushing it to disk: after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(project));
    }
}
