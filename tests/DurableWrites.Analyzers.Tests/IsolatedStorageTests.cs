using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// DUR001 for streams on isolated storage (IsolatedStorageFile.OpenFile/CreateFile, new IsolatedStorageFileStream):
/// FileStreams like any other, so their data needs Flush(true). Their paths are relative to a store that keeps its
/// directory to itself, so the only fix is the stream's own Flush(true), and DUR002 does not report the new name.
/// </summary>
public class IsolatedStorageTests
{
    private const string Usings = """
        using System.IO;
        using System.IO.Compression;
        using System.IO.IsolatedStorage;

        """;


    [Fact]
    public async Task StreamsOnAnIsolatedStore_AreReported_AndTheFixFlushesTheStream()
    {
        Project project = AllRules.CreateProject(Usings + """
            class AccountSettings
            {
                static readonly IsolatedStorageFile Store = IsolatedStorageFile.GetUserStoreForAssembly();

                public static void Save(string name, byte[] state)
                {
                    using (var fs = Store.OpenFile(name, FileMode.Create, FileAccess.Write))
                    {
                        fs.Write(state, 0, state.Length);
                    }
                }

                public static void SaveText(IsolatedStorageFile store, string name, string text)
                {
                    using var fs = new IsolatedStorageFileStream(name, FileMode.Create, store);
                    using var writer = new StreamWriter(fs);
                    writer.Write(text);
                }

                public static void SaveCompressed(string name, byte[] state)
                {
                    using var fs = Store.CreateFile(name);
                    using var ds = new DeflateStream(fs, CompressionMode.Compress);
                    ds.Write(state, 0, state.Length);
                }
            }
            """);

        Assert.Equal(
            new[]
            {
                "DUR001: 'fs' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written",
                "DUR001: 'fs' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written",
                "DUR001: 'fs' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written",
            },
            await AllRules.MessagesAsync(project));

        // A compressor writes its last block only when it is disposed, so the third has nothing to insert.
        var offers = await AllRules.OffersAsync(project);
        Assert.Equal(new[] { "Flush to disk after the last write", "Flush to disk after the last write" }, offers.Select(o => o.Action.Title).ToArray());
        Project fixedProject = (await AllRules.ApplyAsync(offers[0].Action)).GetProject(project.Id)!;
        fixedProject = (await AllRules.ApplyAsync((await AllRules.OffersAsync(fixedProject))[0].Action)).GetProject(project.Id)!;
        string text = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("fs.Write(state, 0, state.Length);\n            fs.Flush(true);", text.Replace("\r\n", "\n"));
        Assert.Contains("writer.Write(text);\n        writer.Flush();\n        fs.Flush(true);", text.Replace("\r\n", "\n"));
        Assert.DoesNotContain("DurableWrites", text);

        // Flushed, they are durable: the store's directory is its own business, so no DUR002 follows.
        Assert.Equal(
            new[] { "DUR001: 'fs' is written and then closed without Flush(true): after a crash or power cut the file can be empty or partly written" },
            await AllRules.MessagesAsync(fixedProject));
    }
}
