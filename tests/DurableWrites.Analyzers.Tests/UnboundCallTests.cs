using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Dur001 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;
using Dur002 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur002DirectoryEntryAnalyzer,
    DurableWrites.CodeFixes.Dur002DirectoryEntryFixer>;
using Dur004 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;
using Dur005 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur005RenameUnflushedAnalyzer,
    DurableWrites.CodeFixes.Dur005RenameUnflushedFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// Calls whose argument or receiver the compiler cannot type (<c>JsonConvert.SerializeObject(settings)</c> with the
/// package not restored, code being typed, a file compiled on its own) bind to no method, yet they write all the same.
/// A one-shot write is judged when its only candidates are File's and its path is a bound string; a stream written,
/// read or kept by such a call is followed as through a bound call of that name.
/// </summary>
public class UnboundCallTests
{
    private const string ThenClosed = "then closed";

    [Fact]
    public Task AStreamWrittenByCallsThatDoNotBind_IsReported() =>
        Dur001.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class Store
            {
                public void WritePage(string path, {|CS0246:Page|} page)
                {
                    using var handle = {|#0:File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite)|};
                    RandomAccess.Write(handle, page.AsSpan(), 0);
                }

                public async Task Upload(string path, {|CS0246:IFormFile|} file, CancellationToken cancellationToken)
                {
                    await using var stream = {|#1:File.OpenWrite(path)|};
                    await file.CopyToAsync(stream, cancellationToken);
                }

                public void Binary(string path, {|CS0246:Entry|} entry)
                {
                    using var writer = new BinaryWriter({|#2:File.Open(path, FileMode.Create)|});
                    writer.Write(entry.Name);
                }
            }
            """,
            Dur001.Diagnostic().WithLocation(0).WithArguments("handle", ThenClosed),
            Dur001.Diagnostic().WithLocation(1).WithArguments("stream", ThenClosed),
            Dur001.Diagnostic().WithLocation(2).WithArguments("path", ThenClosed));

    [Fact]
    public Task AStreamOpenedByACallThatDoesNotBind_IsFollowed() =>
        // Unity's save systems, compiled without Unity's assemblies: File's calls on Application.persistentDataPath.
        Dur001.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Runtime.Serialization.Formatters.Binary;

            public class SaveSystem
            {
                public void Save(object data)
                {
                    var formatter = new BinaryFormatter();
                    FileStream file = {|#0:File.Create({|CS0103:Application|}.persistentDataPath + "/playerInfo.dat")|};
            #pragma warning disable SYSLIB0011
                    formatter.Serialize(file, data);
            #pragma warning restore SYSLIB0011
                    file.Close();
                }

                public void Overwrite(byte[] bytes)
                {
                    var file = {|#1:File.Open({|CS0103:Application|}.persistentDataPath + "/slot.dat", FileMode.Create, access: FileAccess.Write)|};
                    file.Write(bytes, 0, bytes.Length);
                    file.Dispose();
                }

                public void Flushed(byte[] bytes)
                {
                    using var file = File.OpenWrite({|CS0103:Application|}.persistentDataPath + "/flushed.dat");
                    file.Write(bytes, 0, bytes.Length);
                    file.Flush(true);
                }

                public object Load()
                {
                    using var file = File.Open({|CS0103:Application|}.persistentDataPath + "/slot.dat", FileMode.Open);
            #pragma warning disable SYSLIB0011
                    return new BinaryFormatter().Deserialize(file);
            #pragma warning restore SYSLIB0011
                }
            }
            """,
            Dur001.Diagnostic().WithLocation(0).WithArguments("file", ThenClosed),
            Dur001.Diagnostic().WithLocation(1).WithArguments("file", ThenClosed));

    [Fact]
    public Task ARenameOrCreationByACallThatDoesNotBind_IsJudged() =>
        Dur002.VerifyAnalyzerAsync("""
            using System.IO;

            public class SaveSystem
            {
                public void Archive(string slot) => {|#0:File.Move(slot, {|CS0103:Application|}.persistentDataPath + "/archive.dat", overwrite: true)|};

                public void Flushed(byte[] bytes)
                {
                    using var file = {|#1:File.OpenWrite({|CS0103:Application|}.persistentDataPath + "/flushed.dat")|};
                    file.Write(bytes, 0, bytes.Length);
                    file.Flush(true);
                }
            }
            """,
            Dur002.Diagnostic().WithLocation(0).WithArguments("Moving to", "Application.persistentDataPath + \"/archive.dat\""),
            Dur002.Diagnostic().WithLocation(1).WithArguments("Creating", "Application.persistentDataPath + \"/flushed.dat\""));

    [Fact]
    public Task AStreamReadFlushedOrKeptByCallsThatDoNotBind_IsNotReported() =>
        Dur001.VerifyAnalyzerAsync("""
            using System.IO;

            public class Store
            {
                public object Load(string path)
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
                    return {|CS0103:Serializer|}.Deserialize(stream);
                }

                public void Save(string path, object value)
                {
                    using var stream = File.Create(path);
                    {|CS0103:Serializer|}.Serialize(stream, value);
                    stream.Flush(true);
                }

                public void Pool(string path, {|CS0246:Pool|} pool)
                {
                    var stream = File.Create(path);
                    pool.Add(stream);
                    stream.WriteByte(1);
                }

                public void Keep(string path, {|CS0246:Keeper|} keeper)
                {
                    var stream = File.Create(path);
                    keeper.Keep(stream);
                    stream.WriteByte(1);
                }
            }
            """);

    [Fact]
    public Task AWriteOfUnresolvedContent_IsReported_SyncAsyncAndWithNamedArguments() =>
        Dur004.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Threading.Tasks;

            public class SettingsStore
            {
                public void Save(string path, object settings) => {|#0:File.WriteAllText(path, {|CS0103:JsonConvert|}.SerializeObject(settings))|};

                public async Task SaveAsync(string directory, object settings) =>
                    await {|#1:File.WriteAllBytesAsync(Path.Combine(directory, "settings.json"), {|CS0103:JsonSerializer|}.SerializeToUtf8Bytes(settings))|};

                public void Append(string log, {|CS0246:Entry|} entry) => {|#2:File.AppendAllLines(contents: entry.Lines, path: log)|};

                // Unity's Application without Unity's assemblies: the path's type is not known either.
                public void SaveGame(string json) => {|#3:File.WriteAllText({|CS0103:Application|}.persistentDataPath + "/savefile.json", json)|};
            }
            """,
            Dur004.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path"),
            Dur004.Diagnostic().WithLocation(1).WithArguments("File.WriteAllBytesAsync", "Path.Combine(directory, \"settings.json\")"),
            Dur004.Diagnostic().WithLocation(2).WithArguments("File.AppendAllLines", "log"),
            Dur004.Diagnostic().WithLocation(3).WithArguments("File.WriteAllText", "Application.persistentDataPath + \"/savefile.json\""));

    [Fact]
    public Task AWriteOfUnresolvedContent_ThenARename_IsOneDur005() =>
        Dur005.VerifyAnalyzerAsync("""
            using System.IO;

            public class SettingsStore
            {
                public void Save(string path, object settings)
                {
                    string temp = path + ".tmp";
                    File.WriteAllText(temp, {|CS0103:JsonConvert|}.SerializeObject(settings));
                    {|#0:File.Move(temp, path, true)|};
                }
            }
            """,
            Dur005.Diagnostic().WithLocation(0).WithArguments("File.Move", "temp", "path"));

    [Theory]
    // The path is of a known type that is not a string.
    [InlineData("File.WriteAllText({|CS1503:new FileInfo(path)|}, path);")]
    // A temporary file.
    [InlineData("File.WriteAllText(Path.Combine(Path.GetTempPath(), \"x.json\"), {|CS0103:Unknown|}.Text);")]
    // Made durable afterwards.
    [InlineData("File.WriteAllText(path, {|CS0103:Unknown|}.Text); DurableWrites.DurableFile.Sync(path);")]
    // Not File's method: a project's own class of the same name.
    [InlineData("Storage.WriteAllText(path, {|CS0103:Unknown|}.Text);")]
    // Not a write.
    [InlineData("File.SetAttributes(path, {|CS0103:Unknown|}.Attributes);")]
    public Task OtherUnboundCalls_AreNotReported(string statement) =>
        Dur004.VerifyAnalyzerAsync($$"""
            using System.IO;

            public static class Storage { public static void WriteAllText(string path, string text) { } }

            public class C
            {
                public void M(string path)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public async Task NoFixIsOffered_ForACallThatDoesNotBind()
    {
        var project = AllRules.CreateProject("""
            using System.IO;

            public class SettingsStore
            {
                public void Save(string path, object settings) => File.WriteAllText(path, JsonConvert.SerializeObject(settings));
            }
            """);
        var (diagnostics, exceptions) = await AllRules.AnalyzeAsync(project);
        Assert.Empty(exceptions);
        Assert.Equal(new[] { "DUR004" }, diagnostics.Select(d => d.Id));
        Assert.Empty(await AllRules.OffersAsync(project));
    }
}
