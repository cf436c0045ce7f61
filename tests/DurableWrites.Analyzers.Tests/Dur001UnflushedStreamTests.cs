using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur001UnflushedStreamTests
{
    private const string ThenClosed = "then closed";

    private static Task Flagged(string body, string name, string members = "") => VerifyCS.VerifyAnalyzerAsync(Wrap(body, members),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(name, ThenClosed));

    private static Task NotFlagged(string body, string members = "", string? editorConfig = null) =>
        VerifyCS.VerifyAnalyzerAsync(Wrap(body, members), editorConfig);

    /// <summary>The fix with <paramref name="key"/> applied to the one diagnostic at location 0, on the stream named <paramref name="stream"/>.</summary>
    private static Task FixOne(string source, string fixedSource, string key, string stream = "fs") =>
        VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments(stream, ThenClosed) }, fixedSource, key);

    private static string Wrap(string body, string members) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.IO.Compression;
        using System.Security.Cryptography;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Xml.Linq;

        class C
        {
            {{members}}
            async Task M(string path, byte[] data, string text, XDocument doc, object settings, Stream source, CancellationToken ct)
            {
                {{body}}
                await Task.Yield();
            }
        }
        """;

    // ---- Flagged ----

    [Fact]
    public Task UsingBlock_WriteWithoutFlush() =>
        Flagged("using (var fs = {|#0:new FileStream(path, FileMode.Create)|}) { fs.Write(data, 0, data.Length); }", "fs");

    [Fact]
    public Task UsingDeclaration_FileCreate() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; fs.Write(data);", "fs");

    [Fact]
    public Task AwaitUsing_WriteAsync() =>
        Flagged("await using var fs = {|#0:File.Open(path, FileMode.OpenOrCreate, FileAccess.Write)|}; await fs.WriteAsync(data, ct);", "fs");

    [Fact]
    public Task FlushWithoutTrue_DoesNotCount() =>
        Flagged("using var fs = {|#0:File.OpenWrite(path)|}; fs.Write(data); fs.Flush(); await fs.FlushAsync(ct); fs.Flush(false);", "fs");

    [Fact]
    public Task ExplicitDispose() =>
        Flagged("var fs = {|#0:new FileStream(path, FileMode.Append)|}; fs.Write(data); fs.Dispose();", "fs");

    [Fact]
    public Task ExplicitClose() =>
        Flagged("FileStream fs = {|#0:new FileStream(path, FileMode.Create, FileAccess.ReadWrite)|}; fs.WriteByte(1); fs.Close();", "fs");

    [Fact]
    public Task TryFinallyDispose() =>
        Flagged("var fs = {|#0:File.Create(path)|}; try { fs.Write(data); } finally { fs.Dispose(); }", "fs");

    [Theory]
    // The fallback of a failed copy, in the catch block (no branch leads there: an exception does).
    [InlineData("try { File.Copy(path, path + \".bak\", true); } catch (IOException) { using (var fs = {|#0:File.Create(path + \".bak\")|}) source.CopyTo(fs); }")]
    [InlineData("try { File.Copy(path, path + \".bak\", true); } catch (IOException e) when (e.HResult != 0) { using var fs = {|#0:File.Create(path + \".bak\")|}; fs.Write(data); }")]
    [InlineData("try { try { File.Delete(path); } catch (UnauthorizedAccessException) { using var fs = {|#0:File.Create(path)|}; fs.Write(data); } } finally { }")]
    public Task StreamInACatchBlock(string body) =>
        Flagged(body, "fs");

    [Theory]
    // A write or a flush that threw is reported to the caller, not lost silently: the catch path is no finding.
    [InlineData("var fs = File.Create(path); try { fs.Write(data); fs.Flush(true); } catch (IOException) { } finally { fs.Dispose(); }")]
    [InlineData("using var fs = File.Create(path); fs.Write(data); try { fs.Flush(true); } catch (IOException) { return; }")]
    [InlineData("using (var fs = File.Create(path)) { fs.Write(data); try { fs.Flush(true); } catch (IOException e) when (e.HResult != 0) { throw new InvalidOperationException(path, e); } }")]
    public Task StreamFlushedInATryWhoseCatchGivesUp_IsNotFlagged(string body) =>
        NotFlagged(body);

    [Fact]
    public Task FlushOnlyOnOnePath() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (data.Length > 10) { fs.Flush(true); }", "fs");

    [Theory]
    [InlineData("bool sync = text.Length > 0; using var fs = File.Open(path, FileMode.OpenOrCreate); fs.Write(data); if (sync) fs.Flush(true);")]
    [InlineData("bool flushToDisk = ct.CanBeCanceled; using (var fs = File.Create(path)) { fs.Write(data); if (flushToDisk && data.Length > 0) { fs.Flush(true); } }")]
    [InlineData("bool noFsync = text.Length > 0; using var fs = File.Create(path); using var writer = new StreamWriter(fs); writer.Write(text); if (!noFsync) { writer.Flush(); fs.Flush(true); }")]
    [InlineData("using var fs = File.Create(path); fs.Write(data); if (Options.Durable) RandomAccess.FlushToDisk(fs.SafeFileHandle);", "static class Options { public static bool Durable { get; set; } }")]
    public Task FlushLeftToTheCallersChoice_IsNotFlagged(string body, string members = "") => NotFlagged(body, members);

    [Theory]
    [InlineData("bool sync = text.Length > 0; using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (sync) fs.Flush(true); fs.WriteByte(0);")]
    [InlineData("bool sync = text.Length > 0; using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (sync) Console.WriteLine(path);")]
    [InlineData("bool sync = text.Length > 0; using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (sync) fs.Flush();")]
    [InlineData("int sync = text.Length; using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (sync > 0) fs.Flush(true);")]
    [InlineData("bool verbose = text.Length > 0; using var fs = {|#0:File.Create(path)|}; fs.Write(data); if (verbose) fs.Flush(true);")]
    public Task FlagNamedForDurabilityWithoutAFlushBehindIt_IsFlagged(string body) => Flagged(body, "fs");

    [Fact]
    public Task EarlyReturnBeforeFlush() =>
        Flagged("using (var fs = {|#0:File.Create(path)|}) { fs.Write(data); if (text == null) return; fs.Flush(true); }", "fs");

    [Fact]
    public Task WriteAfterFlush() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; fs.Write(data); fs.Flush(true); fs.WriteByte(0);", "fs");

    [Fact]
    public Task StreamWriterOverStream_CommentStore() =>
        Flagged("""
            using (var stream = {|#0:new FileStream(Path.Combine(path, "comment-" + text + ".txt"), FileMode.CreateNew, FileAccess.Write)|})
            using (var writer = new StreamWriter(stream, Encoding.UTF8))
            {
                writer.WriteLine(text);
            }
            """, "stream");

    [Fact]
    public Task WriterDisposedAfterStreamFlush_StillLosesTheWriterBuffer() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; using var writer = new StreamWriter(fs); writer.Write(text); fs.Flush(true);", "fs");

    [Fact]
    public Task JsonSerializerIntoFileCreate() =>
        Flagged("using (var stream = {|#0:File.Create(path)|}) { JsonSerializer.Serialize(stream, settings); }", "stream");

    [Fact]
    public Task JsonSerializerAsync() =>
        Flagged("await using var stream = {|#0:File.Create(path)|}; await JsonSerializer.SerializeAsync(stream, settings, cancellationToken: ct);", "stream");

    [Fact]
    public Task SaveIntoStream() =>
        Flagged("using var stream = {|#0:File.Create(path)|}; doc.Save(stream);", "stream");

    [Fact]
    public Task CopyToFileStream() =>
        Flagged("using var target = {|#0:File.Create(path)|}; source.CopyTo(target);", "target");

    [Fact]
    public Task GZipOverFileStream() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; using var zip = new GZipStream(fs, CompressionLevel.Optimal); zip.Write(data);", "fs");

    [Fact]
    public Task CompressorFlushKeepsItsTrailerForDispose() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; using var zip = new GZipStream(fs, CompressionLevel.Optimal); zip.Write(data); zip.Flush(); fs.Flush(true);", "fs");

    [Fact]
    public Task WriterOverCompressor_FlushDoesNotCompleteIt() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; using var zip = new BrotliStream(fs, CompressionLevel.Fastest); using var writer = new StreamWriter(zip); writer.Write(text); writer.Flush(); fs.Flush(true);", "fs");

    [Theory]
    [InlineData("using var writer = new StreamWriter(fs) { AutoFlush = true }; writer.AutoFlush = false; writer.WriteLine(text); fs.Flush(true);")]
    [InlineData("using var writer = new StreamWriter(fs) { AutoFlush = text.Length > 0 }; writer.WriteLine(text); fs.Flush(true);")]
    [InlineData("using var zip = new GZipStream(fs, CompressionLevel.Optimal); using var writer = new StreamWriter(zip) { AutoFlush = true }; writer.WriteLine(text); fs.Flush(true);")]
    public Task WriterNotAlwaysAutoFlushing_DisposeWritesAfterTheFlush(string writes) =>
        Flagged("using var fs = {|#0:File.Create(path)|}; " + writes, "fs");

    [Theory]
    [InlineData("var fs = {|#0:File.Create(path)|}; await using (fs.ConfigureAwait(false)) { await fs.WriteAsync(data, ct).ConfigureAwait(false); }")]
    [InlineData("var fs = {|#0:File.Create(path)|}; await using var disposer = fs.ConfigureAwait(false); await fs.WriteAsync(data, ct).ConfigureAwait(false);")]
    public Task DisposedThroughConfigureAwait(string body) => Flagged(body, "fs");

    [Fact]
    public Task CryptoStreamFlushWithoutFinalBlock() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; using var crypto = new CryptoStream(fs, Aes.Create().CreateEncryptor(), CryptoStreamMode.Write); crypto.Write(data); crypto.Flush(); fs.Flush(true);", "fs");

    [Fact]
    public Task WriterOverCreationWithoutVariable() =>
        Flagged("using var writer = new StreamWriter({|#0:File.Create(path)|}); writer.Write(text);", "path");

    [Fact]
    public Task ProjectOwnWriteMethod() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; WriteTo(fs);", "fs", "static void WriteTo(Stream s) { }");

    [Fact]
    public Task DelegateWritesIntoStream() =>
        Flagged("Action<Stream> write = s => s.Write(data); using var fs = {|#0:File.Create(path)|}; write(fs);", "fs");

    [Fact]
    public Task LambdaCapturingStreamWrites() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; Retry(() => fs.Write(data));", "fs", "static void Retry(Action action) => action();");

    [Fact]
    public Task FileInfoOpenWrite() =>
        Flagged("var info = new FileInfo(path); using var fs = {|#0:info.OpenWrite()|}; fs.Write(data);", "fs");

    [Fact]
    public Task InsideLambda() =>
        Flagged("Task.Run(() => { using var fs = {|#0:File.Create(path)|}; fs.Write(data); });", "fs");

    [Fact]
    public Task WriteAfterAFlushThroughTheHandle() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; fs.Write(data); RandomAccess.FlushToDisk(fs.SafeFileHandle); fs.Write(data);", "fs");

    [Fact]
    public Task WriteThroughTheHandleAfterFlushTrue() =>
        Flagged("using var fs = {|#0:File.Create(path)|}; fs.Write(data); fs.Flush(true); RandomAccess.Write(fs.SafeFileHandle, data, 0);", "fs");

    [Fact]
    public Task FsyncImportedFromAnotherLibrary_DoesNotCount() => Flagged(
        "using var fs = {|#0:File.Create(path)|}; fs.Write(data); fsync((int)fs.SafeFileHandle.DangerousGetHandle());", "fs",
        "[System.Runtime.InteropServices.DllImport(\"libmystore\")] private static extern int fsync(int fd);");

    // ---- Not flagged ----

    [Fact]
    public Task FlushTrueAfterLastWrite() =>
        NotFlagged("using var fs = File.Create(path); fs.Write(data); fs.Flush(true);");

    [Fact]
    public Task FlushToDiskThroughTheStreamsHandle() =>
        NotFlagged("using var fs = File.Create(path); fs.Write(data); RandomAccess.FlushToDisk(fs.SafeFileHandle);");

    [Fact]
    public Task NativeFsyncOfTheStreamsDescriptor() => NotFlagged(
        "using var fs = File.Create(path); fs.Write(data); fs.Flush(); if (fsync((int)fs.SafeFileHandle.DangerousGetHandle()) != 0) throw new IOException(path);",
        "[System.Runtime.InteropServices.DllImport(\"libc\", SetLastError = true)] private static extern int fsync(int fd);");

    [Fact]
    public Task NativeFdatasyncUnderAnotherName() => NotFlagged(
        "using var fs = new FileStream(path, FileMode.Append); fs.Write(data); DataSync(fs.SafeFileHandle.DangerousGetHandle());",
        "[System.Runtime.InteropServices.DllImport(\"libc.so.6\", EntryPoint = \"fdatasync\")] private static extern int DataSync(IntPtr fd);");

    [Fact]
    public Task WindowsFlushFileBuffers() => NotFlagged(
        "using var fs = File.OpenWrite(path); fs.Write(data); FlushFileBuffers(fs.SafeFileHandle);",
        "[System.Runtime.InteropServices.DllImport(\"kernel32.dll\", SetLastError = true)] private static extern bool FlushFileBuffers(Microsoft.Win32.SafeHandles.SafeFileHandle handle);");

    [Fact]
    public Task FlushTrueAfterLoop() =>
        NotFlagged("using (var fs = File.Create(path)) { for (int i = 0; i < 3; i++) { fs.Write(data); } fs.Flush(true); }");

    [Fact]
    public Task WriterFlushedThenStreamFlushedToDisk() =>
        NotFlagged("using var fs = File.Create(path); using var writer = new StreamWriter(fs); writer.Write(text); writer.Flush(); fs.Flush(true);");

    [Fact]
    public Task WriteThrough() =>
        NotFlagged("using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough); fs.Write(data);");

    [Fact]
    public Task WriteThroughCombined() =>
        NotFlagged("using var fs = File.Create(path, 4096, FileOptions.WriteThrough | FileOptions.Asynchronous); fs.Write(data);");

    [Fact]
    public Task ReadOnlyOpen() =>
        NotFlagged("using var fs = new FileStream(path, FileMode.Open, FileAccess.Read); fs.Write(data);");

    [Fact]
    public Task ReadingThroughReadWriteStream() =>
        NotFlagged("using var fs = new FileStream(path, FileMode.Open); using var reader = new StreamReader(fs); var s = reader.ReadToEnd(); var d = JsonSerializer.Deserialize<object>(fs);");

    [Theory]
    [InlineData("return StreamToModel<T>(fs);")]
    [InlineData("return StreamToModelAsync<T>(fs).Result;")]
    [InlineData("return StreamToModels<T>(fs)[0];")]
    public Task HandedToAMethodThatMakesItsTypeArgumentOutOfTheStream(string use) =>
        NotFlagged("", $$"""
            static T StreamToModel<T>(Stream stream) where T : new() => new T();
            static System.Threading.Tasks.Task<T> StreamToModelAsync<T>(Stream stream) where T : new() => System.Threading.Tasks.Task.FromResult(new T());
            static List<T> StreamToModels<T>(Stream stream) where T : new() => new List<T> { new T() };
            static T Load<T>(string p) where T : new() { using var fs = new FileStream(p, FileMode.Open, FileAccess.ReadWrite); {{use}} }
            """);

    [Theory]
    [InlineData("Put(fs, data);", "static void Put<T>(Stream stream, T value) { }")]
    [InlineData("Echo(fs, data);", "static T Echo<T>(Stream stream, T value) => value;")]
    [InlineData("Encode(fs);", "static int Encode(Stream stream) => 0;")]
    public Task HandedToAMethodThatTakesAValueOrReturnsNoTypeArgument(string use, string members) =>
        VerifyCS.VerifyAnalyzerAsync(Wrap("using var fs = {|#0:new FileStream(path, FileMode.Open, FileAccess.ReadWrite)|}; " + use, members),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("fs", ThenClosed));

    [Fact]
    public Task NeverWritten() =>
        NotFlagged("using var fs = File.Create(path);");

    [Fact]
    public Task ReturnedStream() =>
        NotFlagged("", "Stream Open(string p, byte[] d) { var fs = File.Create(p); fs.Write(d); return fs; }");

    [Fact]
    public Task StoredInField() =>
        NotFlagged("_log = File.Open(path, FileMode.Append); _log.Write(data);", "FileStream? _log;");

    [Fact]
    public Task StoredInCollection() =>
        NotFlagged("var list = new List<Stream>(); var fs = File.Create(path); fs.Write(data); list.Add(fs); fs.Dispose();");

    [Theory]
    [InlineData("using var writer = new StreamWriter(fs) { AutoFlush = true }; writer.WriteLine(text); fs.Flush(true);")]
    [InlineData("using var writer = new StreamWriter(fs); writer.Write(text); writer.AutoFlush = true; writer.WriteLine(text); fs.Flush(true);")]
    public Task AutoFlushingWriter_ThenFlushToDisk(string writes) =>
        NotFlagged("using var fs = File.Create(path); " + writes);

    [Fact]
    public Task DisposedThroughConfigureAwait_AfterFlushToDisk() =>
        NotFlagged("var fs = File.Create(path); await using (fs.ConfigureAwait(false)) { await fs.WriteAsync(data, ct).ConfigureAwait(false); fs.Flush(true); }");

    [Fact]
    public Task CompressorDisposedBeforeTheFlushToDisk() =>
        NotFlagged("using (var fs = File.Create(path)) { using (var zip = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true)) { zip.Write(data); } fs.Flush(true); }");

    [Fact]
    public Task CryptoStreamFinalBlockThenFlushToDisk() =>
        NotFlagged("using var fs = File.Create(path); using var crypto = new CryptoStream(fs, Aes.Create().CreateEncryptor(), CryptoStreamMode.Write); using var writer = new StreamWriter(crypto); writer.Write(text); writer.Flush(); crypto.FlushFinalBlock(); fs.Flush(true);");

    [Fact]
    public Task WrapperStoredInField() =>
        NotFlagged("var fs = File.Create(path); _writer = new StreamWriter(fs); _writer.Write(text);", "StreamWriter? _writer;");

    [Theory]
    [InlineData("var fs = {|#0:File.Create(path)|}; fs.Write(data);", "fs")]
    [InlineData("var fs = {|#0:new FileStream(path, FileMode.Open, FileAccess.Write)|}; fs.Write(data); fs.Flush();", "fs")]
    [InlineData("var fs = {|#0:File.OpenWrite(path)|}; if (data.Length > 0) { fs.Write(data); fs.Flush(true); } else { fs.Write(data); }", "fs")]
    [InlineData("var writer = new StreamWriter({|#0:File.Create(path)|}); writer.Write(text); writer.Flush();", "path")]
    [InlineData("var writer = {|#0:new StreamWriter(path)|}; writer.Write(text); writer.Flush();", "writer")]
    [InlineData("var log = {|#0:File.AppendText(path)|}; foreach (var b in data) { log.WriteLine(b); }", "log")]
    [InlineData("StreamWriter w; w = {|#0:File.CreateText(path)|}; w.NewLine = \"\\n\"; w.Write(text);", "w")]
    public Task NeverClosedInMethod_LeftOpen(string body, string name) =>
        // Neither a finalizer nor the process's exit flushes a file to disk (.NET runs no finalizers at exit at all).
        VerifyCS.VerifyAnalyzerAsync(Wrap(body, string.Empty), VerifyCS.Diagnostic().WithLocation(0).WithArguments(name, "left open"));

    [Theory]
    [InlineData("var fs = File.Create(path); fs.Write(data); fs.Flush(true);")]
    [InlineData("var fs = File.Create(path); fs.Write(data); Keep(fs);")]
    [InlineData("var fs = File.Create(path); var log = new Log(fs); log.Append(text);")]
    [InlineData("var fs = File.Create(path); fs.Write(data); _keep.Add(fs);")]
    [InlineData("var fs = File.Create(path); var log = new StreamWriter(fs) { AutoFlush = true }; Console.SetOut(log); log.WriteLine(text);")]
    [InlineData("var fs = File.Create(path); fs.Write(data); Action<Stream> sink = Keep; sink(fs);")]
    [InlineData("var fs = File.Create(path); fs.Write(data); while (true) { fs.Write(data); }")]
    [InlineData("var writer = new StreamWriter(path); writer.Write(text); writer.Dispose();")]
    [InlineData("using var writer = new StreamWriter(path); writer.Write(text);")]
    [InlineData("var writer = new StreamWriter(path); writer.Write(text); writer.Flush(); ((FileStream)writer.BaseStream).Flush(true);")]
    [InlineData("var writer = new StreamWriter(path); writer.Write(text); Keep(writer.BaseStream);")]
    [InlineData("var writer = new StreamWriter(path); writer.Write(text); Console.SetOut(writer);")]
    [InlineData("var writer = new StreamWriter(path); Action write = () => writer.Write(text); write();")]
    public Task NeverClosedInMethod_FlushedOrHandedOn_NotFlagged(string body) =>
        // A stream given to the project's own code may be closed (and flushed) there, later.
        NotFlagged(body, "void Keep(Stream s) { } List<Stream> _keep = new(); sealed class Log { public Log(Stream s) { } public void Append(string t) { } }");

    [Fact]
    public async Task Fix_NeverClosed_OnlyTheFlushIsOffered()
    {
        // A DurableFileStream flushes when it is closed, which this stream never is.
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    var fs = {|#0:new FileStream(path, FileMode.Open, FileAccess.Write)|};
                    fs.Write(data);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("fs", "left open") }, source,
            Dur001UnflushedStreamFixer.UseDurableStreamKey);
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("fs", "left open") },
            source.Replace("fs.Write(data);\n", "fs.Write(data);\n        fs.Flush(true);\n"), Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_WriterOnAPathNeverClosed_FlushesItAndItsStreamAfterTheLastWrite()
    {
        // What the writer buffers never reaches the file, let alone the disk; a DurableFile twin would only flush on a close.
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, string[] lines)
                {
                    var log = {|#0:File.AppendText(path)|};
                    foreach (string line in lines)
                    {
                        log.WriteLine(line);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, string[] lines)
                {
                    var log = File.AppendText(path);
                    foreach (string line in lines)
                    {
                        log.WriteLine(line);
                    }
                    log.Flush();
                    ((FileStream)log.BaseStream).Flush(true);
                }
            }
            """;
        var expected = new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("log", "left open") };
        await VerifyCS.VerifyCodeFixAsync(source, expected, source, Dur001UnflushedStreamFixer.UseDurableStreamKey);
        await VerifyCS.VerifyCodeFixAsync(source, expected, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public Task TemporaryPath() =>
        NotFlagged("using var fs = File.Create(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())); fs.Write(data);");

    [Fact]
    public Task TemporaryFileThroughLocal() =>
        NotFlagged("var tmp = Path.GetTempFileName(); using var fs = File.OpenWrite(tmp); fs.Write(data);");

    [Fact]
    public Task ConfiguredNonDurablePath() =>
        NotFlagged("using var fs = File.Create(\"/var/cache/app/\" + text); fs.Write(data);", editorConfig: "durable_writes.non_durable_paths = /var/cache/*");

    [Fact]
    public Task ConfiguredNonDurableSymbol() =>
        NotFlagged("using var fs = File.Create(Path.Combine(CacheDirectory, text)); fs.Write(data);", "static string CacheDirectory => \"c\";",
            editorConfig: "durable_writes.non_durable_path_symbols = CacheDirectory");

    [Fact]
    public Task DurableFileStreamAlready() =>
        NotFlagged("using var fs = DurableWrites.DurableFile.Create(path); fs.Write(data);");

    [Fact]
    public Task ConfiguredSyncMethod() =>
        NotFlagged("using var fs = File.Create(path); fs.Write(data); MyFsync(fs);", "static void MyFsync(FileStream s) { }",
            editorConfig: "durable_writes.sync_methods = C.MyFsync");

    [Fact]
    public Task TheProjectsOwnHelperThatFlushesTheStream() => NotFlagged("""
        using var a = File.Create(path); a.Write(data); Fsync(a);
                using var b = File.Create(path + ".b"); b.Write(data); SyncHandle(data, (FileStream)b);
                using var c = File.Create(path + ".c"); c.Write(data); NativeSync(c);
                using var d = File.Create(path + ".d"); d.Write(data); Local(d);
                void Local(Stream s) { if (s is FileStream f) { f.Flush(flushToDisk: true); } }
        """, """
        static void Fsync(FileStream stream) => stream.Flush(true);
            static void SyncHandle(byte[] unused, FileStream stream) { RandomAccess.FlushToDisk(stream.SafeFileHandle); }
            static void NativeSync(FileStream stream) { int fd = (int)stream.SafeFileHandle.DangerousGetHandle(); if (fsync(fd) != 0) throw new IOException(stream.Name); }
            [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] private static extern int fsync(int fd);
        """);

    [Fact]
    public Task AHelperThatFlushesOnlyTheBufferOrAnotherStream_DoesNotCount() => VerifyCS.VerifyAnalyzerAsync(Wrap("""
        using var a = {|#0:File.Create(path)|}; a.Write(data); FlushBuffer(a);
                using var other = File.Create(path + ".o"); other.Write(data);
                using var b = {|#1:File.Create(path + ".b")|}; b.Write(data); FlushSecond(b, other);
        """, """
        static void FlushBuffer(FileStream stream) => stream.Flush();
            static void FlushSecond(FileStream first, FileStream second) { first.Flush(); second.Flush(true); }
        """),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("a", ThenClosed),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("b", ThenClosed));

    [Fact]
    public Task ScratchFileDeletedOnClose() => NotFlagged("""
        using (var a = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose)) { a.Write(data); }
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous };
                await using (var b = new FileStream(path + ".b", options)) { await b.WriteAsync(data, ct); }
                using (var c = new FileStream(path + ".c", FileMode.Create, FileAccess.Write, FileShare.None, 4096, options: FileOptions.SequentialScan | FileOptions.DeleteOnClose)) { c.Write(data); }
        """);

    [Fact]
    public Task LockFileOpenedExclusively_IsNotFlagged() => NotFlagged("""
        var lockPath = path + ".lock";
                using (var a = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)) { a.Write(data); }
                using (var b = File.Open(Path.Combine(path, "app.lock"), FileMode.Create, FileAccess.Write, FileShare.None)) { b.Write(data); }
                var held = new FileStream(LockFilePath(path), new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None });
                held.Write(data);
                using (var lockStream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None)) { lockStream.Write(data); }
        """, "static string LockFilePath(string dir) => Path.Combine(dir, \"x\");");

    [Fact]
    public Task LockFileOpenedExclusivelyInALockType_IsNotFlagged() => VerifyCS.VerifyAnalyzerAsync("""
        using System.IO;

        sealed class ProcessLock
        {
            public static void Run(string path, byte[] owner)
            {
                using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
                fs.Write(owner);
            }
        }
        """);

    [Fact]
    public Task LockNamedButNotExclusive_OrExclusiveButNotLockNamed_StillFlagged() => VerifyCS.VerifyAnalyzerAsync(Wrap("""
        using (var a = {|#0:File.Create(path + ".lock")|}) { a.Write(data); }
                var blocked = path + ".data";
                using (var b = {|#1:new FileStream(blocked, FileMode.Create, FileAccess.Write, FileShare.None)|}) { b.Write(data); }
                using (var c = {|#2:new FileStream(path + ".lock", FileMode.Create, FileAccess.Write, FileShare.Read)|}) { c.Write(data); }
        """, ""),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("a", ThenClosed),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("b", ThenClosed),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("c", ThenClosed));

    [Fact]
    public Task OtherFileOptions_StillFlagged() =>
        Flagged("using var fs = {|#0:new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan)|}; fs.Write(data);", "fs");

    [Fact]
    public Task LocalFunctionCapture_IsNotJudged() =>
        NotFlagged("using var fs = File.Create(path); void Write() => fs.Write(data); Write();");

    // ---- A variable holding one of several streams ----

    private static Task FlaggedTwice(string body, string first, string second) => VerifyCS.VerifyAnalyzerAsync(Wrap(body, ""),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments(first, ThenClosed), VerifyCS.Diagnostic().WithLocation(1).WithArguments(second, ThenClosed));

    [Fact]
    public Task OneVariable_AssignedInIfAndElse() =>
        FlaggedTwice("FileStream fs; if (text.Length > 0) fs = {|#0:new FileStream(path, FileMode.Append)|}; else fs = {|#1:File.Create(path)|}; using (fs) { fs.Write(data); }", "fs", "fs");

    [Fact]
    public Task OneVariable_FromConditionalExpression() =>
        FlaggedTwice("using var fs = text.Length > 0 ? {|#0:new FileStream(path, FileMode.Append)|} : {|#1:File.Create(path)|}; fs.Write(data);", "fs", "fs");

    [Fact]
    public Task OneWriter_OverConditionalExpression() =>
        FlaggedTwice("using var writer = new StreamWriter(text.Length > 0 ? {|#0:new FileStream(path, FileMode.Append)|} : {|#1:File.Create(path)|}); writer.Write(text);", "path", "path");

    [Fact]
    public Task OneVariable_ReusedForASecondFile_OnlyTheUnflushedOne() =>
        Flagged("var fs = File.Create(path); fs.Write(data); fs.Flush(true); fs.Dispose(); fs = {|#0:File.Create(path + \".bak\")|}; fs.Write(data); fs.Dispose();", "fs");

    [Fact]
    public Task OneVariable_ReusedForASecondFile_FirstUnflushed() =>
        Flagged("var fs = {|#0:File.Create(path)|}; fs.Write(data); fs.Dispose(); fs = File.Create(path + \".bak\"); fs.Write(data); fs.Flush(true); fs.Dispose();", "fs");

    [Fact]
    public Task OneVariable_FromConditionalExpression_Flushed() =>
        NotFlagged("using var fs = text.Length > 0 ? new FileStream(path, FileMode.Append) : File.Create(path); fs.Write(data); fs.Flush(true);");

    [Fact]
    public Task OneVariable_AssignedInIfAndElse_FlushedInTry() =>
        NotFlagged("FileStream? fs = null; if (text.Length > 0) fs = File.Create(path); else fs = File.Create(path + \".1\"); try { fs.Write(data); fs.Flush(true); } finally { fs.Dispose(); }");

    [Fact]
    public Task OneVariable_ReusedForASecondFile_BothFlushed() =>
        NotFlagged("var fs = File.Create(path); fs.Write(data); fs.Flush(true); fs.Dispose(); fs = File.Create(path + \".bak\"); fs.Write(data); fs.Flush(true); fs.Dispose();");

    [Fact]
    public Task TwoVariables_Swapped_BothFlushed() =>
        NotFlagged("var x = File.Create(path); var y = File.Create(path + \".1\"); var t = x; x = y; y = t; x.Write(data); x.Flush(true); y.Write(data); y.Flush(true); x.Dispose(); y.Dispose();");

    [Fact]
    public Task WriterOverAStream_FlushedThroughBaseStream() =>
        NotFlagged("var writer = new StreamWriter(File.Create(path)); writer.Write(text); writer.Flush(); ((FileStream)writer.BaseStream).Flush(true); writer.Dispose();");

    [Fact]
    public Task WriterHeldAsTextWriter_FlushedThroughItsCastBaseStream() =>
        NotFlagged("TextWriter writer = new StreamWriter(File.Create(path)); writer.Write(text); writer.Flush(); ((FileStream)((StreamWriter)writer).BaseStream).Flush(true); writer.Dispose();");

    [Fact]
    public Task WriterInIfAndElse_FlushedThroughBaseStream() =>
        NotFlagged("StreamWriter writer; if (text.Length > 0) writer = new StreamWriter(File.Create(path)); else writer = new StreamWriter(File.Create(path + \".1\")); writer.Write(text); writer.Flush(); ((FileStream)writer.BaseStream).Flush(true); writer.Dispose();");

    [Fact]
    public Task OneVariable_DurableStreamFirst_ThenAnUnflushedFile() =>
        // What fixing the first of two streams gives: the DurableFileStream's own writes and close are not the second file's.
        Flagged("FileStream? fs = DurableWrites.DurableFile.Create(path); fs.Write(data); fs.Dispose(); fs = {|#0:File.Create(path + \".bak\")|}; fs.Write(data); fs.Dispose();", "fs");

    [Fact]
    public Task OneVariable_UnflushedDurableStreamFirst_ThenAFlushedFile() =>
        NotFlagged("FileStream? fs = DurableWrites.DurableFile.Create(path); fs.Write(data); fs.Dispose(); fs = File.Create(path + \".bak\"); fs.Write(data); fs.Flush(true); fs.Dispose();");

    [Fact]
    public Task StreamVariableAlsoGivenAStreamFromElsewhere_IsNotJudged() =>
        // Which writes and closes reach the file once the variable holds a stream this analysis does not follow is unclear.
        NotFlagged("Stream s = File.Create(path); s.Write(data); s.Dispose(); s = source; s.Write(data); s.Dispose();");

    [Fact]
    public Task StreamVariableReassignedToItsOwnCompressor_IsNotJudged() =>
        // The stream and the compressor over it in one variable cannot be told apart by where they are open: neither is judged.
        NotFlagged("Stream s = File.Create(path); s = new GZipStream(s, CompressionLevel.Fastest); s.Write(data); s.Dispose();");

    [Fact]
    public async Task Fix_VarReassignedLater_KeepsItsType()
    {
        // DurableFile.Create returns a DurableFileStream: as the type of the var, the later File.Create would not fit it.
        // The type written is the one var gave (nullable, in a nullable context).
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    var fs = {|#0:File.Create(path)|};
                    fs.Write(data, 0, data.Length);
                    fs.Dispose();
                    fs = File.Create(path + ".bak");
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                    fs.Dispose();
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path, byte[] data)
                {
                    FileStream? fs = DurableFile.Create(path);
                    fs.Write(data, 0, data.Length);
                    fs.Dispose();
                    fs = File.Create(path + ".bak");
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                    fs.Dispose();
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.UseDurableStreamKey);
    }

    [Fact]
    public Task Fix_FlushToDisk_UsingWithItsBodyOnOneLine_BodyBecomesABlockOnTheNextLines() =>
        FixOne("""
            using System.IO;

            class C
            {
                void M(FileInfo file)
                {
                    using (var fs = {|#0:file.OpenWrite()|}) fs.WriteByte(1);
                }
            }
            """, """
            using System.IO;

            class C
            {
                void M(FileInfo file)
                {
                    using (var fs = file.OpenWrite())
                    {
                        fs.WriteByte(1);
                        fs.Flush(true);
                    }
                }
            }
            """, Dur001UnflushedStreamFixer.FlushToDiskKey);

    [Fact]
    public async Task Fix_OneFlushForAVariableOfTwoStreams()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, bool append)
                {
                    using var fs = append ? {|#0:new FileStream(path, FileMode.Append)|} : {|#1:File.Create(path)|};
                    fs.Write(data, 0, data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, bool append)
                {
                    using var fs = append ? new FileStream(path, FileMode.Append) : File.Create(path);
                    fs.Write(data, 0, data.Length);
                    fs.Flush(true);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("fs", ThenClosed), VerifyCS.Diagnostic().WithLocation(1).WithArguments("fs", ThenClosed) },
            fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    // ---- Fixes ----

    [Fact]
    public async Task Fix_FileCreate_BecomesDurableFileCreate()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    using var fs = {|#0:File.Create(path)|};
                    fs.Write(data);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path, byte[] data)
                {
                    using var fs = DurableFile.Create(path);
                    fs.Write(data);
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.UseDurableStreamKey);
    }

    [Fact]
    public async Task Fix_NewFileStream_KeepsTypeAndArguments()
    {
        const string source = """
            using System.IO;
            using System.Text;

            namespace Comments;

            class CommentStore
            {
                void Add(string directory, string id, string body)
                {
                    using (FileStream stream = {|#0:new FileStream(Path.Combine(directory, id + ".txt"), FileMode.CreateNew, FileAccess.Write, FileShare.None)|})
                    using (var writer = new StreamWriter(stream, Encoding.UTF8))
                    {
                        writer.Write(body);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Text;
            using DurableWrites;

            namespace Comments;

            class CommentStore
            {
                void Add(string directory, string id, string body)
                {
                    using (FileStream stream = new DurableFileStream(Path.Combine(directory, id + ".txt"), FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    using (var writer = new StreamWriter(stream, Encoding.UTF8))
                    {
                        writer.Write(body);
                    }
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.UseDurableStreamKey, "stream");
    }

    [Fact]
    public async Task Fix_FlushAfterLastWrite_WriterHeldAsTextWriter_CastsToReachItsBaseStream()
    {
        // TextWriter has Flush() but no BaseStream: the flush goes through the writer's own type.
        const string source = """
            using System.IO;
            using System.Xml.Serialization;

            class C
            {
                void M(string path, object index)
                {
                    var serializer = new XmlSerializer(typeof(object));
                    TextWriter writer = new StreamWriter({|#0:new FileStream(path, FileMode.Create)|});
                    serializer.Serialize(writer, index);
                    writer.Dispose();
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Xml.Serialization;

            class C
            {
                void M(string path, object index)
                {
                    var serializer = new XmlSerializer(typeof(object));
                    TextWriter writer = new StreamWriter(new FileStream(path, FileMode.Create));
                    serializer.Serialize(writer, index);
                    writer.Flush();
                    ((FileStream)((StreamWriter)writer).BaseStream).Flush(true);
                    writer.Dispose();
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey, "path");
    }

    [Fact]
    public async Task Fix_NoPathReachesTheEndOfTheLastWritesBranch_OnlyTheDurableStreamIsOffered()
    {
        // Every branch returns: a flush after the if would never run, and one in a branch would cover only that path.
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] header, byte[] body, bool full)
                {
                    using var fs = {|#0:File.OpenWrite(path)|};
                    if (full)
                    {
                        fs.Write(header);
                        return;
                    }
                    else
                    {
                        fs.Write(body);
                        return;
                    }
                }
            }
            """;
        await FixOne(source, source, Dur001UnflushedStreamFixer.FlushToDiskKey);
        await FixOne(source, source.Replace("{|#0:File.OpenWrite(path)|}", "DurableFile.OpenWrite(path)").Replace("using System.IO;", "using System.IO;\nusing DurableWrites;"),
            Dur001UnflushedStreamFixer.UseDurableStreamKey);
    }

    [Fact]
    public async Task Fix_FlushAfterLastWrite_FlushesWriterFirst()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, string[] lines)
                {
                    using var fs = {|#0:File.Create(path)|};
                    using var writer = new StreamWriter(fs);
                    foreach (var line in lines)
                    {
                        writer.WriteLine(line);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, string[] lines)
                {
                    using var fs = File.Create(path);
                    using var writer = new StreamWriter(fs);
                    foreach (var line in lines)
                    {
                        writer.WriteLine(line);
                    }
                    writer.Flush();
                    fs.Flush(true);
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task FlushFixCastsALocalTypedAsStream()
    {
        // Flush(bool) is FileStream's: "s.Flush(true)" on a Stream local would not compile.
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    using Stream fs = {|#0:File.Create(path)|};
                    fs.Write(data, 0, data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    using Stream fs = File.Create(path);
                    fs.Write(data, 0, data.Length);
                    ((FileStream)fs).Flush(true);
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_CryptoStreamGetsItsFinalBlockBeforeTheFlushToDisk()
    {
        const string source = """
            using System.IO;
            using System.Security.Cryptography;

            class C
            {
                void M(string path, byte[] data, ICryptoTransform encryptor)
                {
                    using var fs = {|#0:File.Create(path)|};
                    using var crypto = new CryptoStream(fs, encryptor, CryptoStreamMode.Write);
                    crypto.Write(data, 0, data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Security.Cryptography;

            class C
            {
                void M(string path, byte[] data, ICryptoTransform encryptor)
                {
                    using var fs = File.Create(path);
                    using var crypto = new CryptoStream(fs, encryptor, CryptoStreamMode.Write);
                    crypto.Write(data, 0, data.Length);
                    crypto.FlushFinalBlock();
                    fs.Flush(true);
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Theory]
    [InlineData("using var zip = new GZipStream(fs, CompressionLevel.Optimal); zip.Write(data, 0, data.Length);")]
    [InlineData("using var zip = new ZipArchive(fs, ZipArchiveMode.Create); zip.CreateEntry(\"a.txt\");")]
    [InlineData("using var zip = new DeflateStream(fs, CompressionLevel.Optimal); using var writer = new StreamWriter(zip); writer.Write(\"x\");")]
    [InlineData("using var tar = new System.Formats.Tar.TarWriter(fs); tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, \"a\"));")]
    [InlineData("using Stream crypto = new System.Security.Cryptography.CryptoStream(fs, System.Security.Cryptography.Aes.Create().CreateEncryptor(), System.Security.Cryptography.CryptoStreamMode.Write); crypto.Write(data, 0, data.Length);")]
    public async Task Fix_NoFlushInsertedWhereOnlyDisposeCompletesTheWrapper(string wrapperAndWrite)
    {
        // A compressor's trailer and an archive's central directory are written by Dispose, after any inserted
        // Flush(true): only the DurableFileStream fix, which flushes on the stream's own dispose, is correct.
        // A cipher held in a Stream variable cannot be given its FlushFinalBlock() either.
        string source = $$"""
            using System.IO;
            using System.IO.Compression;

            class C
            {
                void M(string path, byte[] data)
                {
                    using var fs = {|#0:File.Create(path)|};
                    {{wrapperAndWrite}}
                }
            }
            """;
        await FixOne(source, source, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_FlushInsideAwaitUsingOfConfigureAwait()
    {
        const string source = """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task M(string path, byte[] data)
                {
                    var fs = {|#0:File.Create(path)|};
                    await using (fs.ConfigureAwait(false))
                    {
                        await fs.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Threading.Tasks;

            class C
            {
                async Task M(string path, byte[] data)
                {
                    var fs = File.Create(path);
                    await using (fs.ConfigureAwait(false))
                    {
                        await fs.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                        fs.Flush(true);
                    }
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_FlushInsideLaterUsingsThatCloseTheStream()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, string text, bool twice)
                {
                    var fs = {|#0:File.Create(path)|};
                    using (var writer = new StreamWriter(fs))
                    {
                        if (twice)
                        {
                            writer.Write(text);
                        }
                        writer.Write(text);
                    }

                    var other = {|#1:File.Create(path + ".bin")|};
                    using (other)
                        other.Write(data, 0, data.Length);
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, string text, bool twice)
                {
                    var fs = File.Create(path);
                    using (var writer = new StreamWriter(fs))
                    {
                        if (twice)
                        {
                            writer.Write(text);
                        }
                        writer.Write(text);
                        writer.Flush();
                        fs.Flush(true);
                    }

                    var other = File.Create(path + ".bin");
                    using (other)
                    {
                        other.Write(data, 0, data.Length);
                        other.Flush(true);
                    }
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("fs", ThenClosed), VerifyCS.Diagnostic().WithLocation(1).WithArguments("other", ThenClosed) },
            fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_FlushStaysInsideLockBeforeTheClose()
    {
        const string source = """
            using System.IO;

            class C
            {
                private readonly object _gate = new();

                void M(string path, byte[] data)
                {
                    var fs = {|#0:File.Create(path)|};
                    lock (_gate)
                    {
                        fs.Write(data, 0, data.Length);
                        fs.Dispose();
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                private readonly object _gate = new();

                void M(string path, byte[] data)
                {
                    var fs = File.Create(path);
                    lock (_gate)
                    {
                        fs.Write(data, 0, data.Length);
                        fs.Flush(true);
                        fs.Dispose();
                    }
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_NoFlushAfterABranchThatClosesTheStream()
    {
        // After the if, the stream may already be closed; inside the branch, the else path would stay unflushed.
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, bool more)
                {
                    var fs = {|#0:File.Create(path)|};
                    fs.Write(data, 0, 1);
                    if (more)
                    {
                        fs.Write(data, 0, data.Length);
                        fs.Dispose();
                    }
                    else
                    {
                        fs.Dispose();
                    }
                }
            }
            """;
        await FixOne(source, source, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public async Task Fix_FlushInsideUsingBody()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    using (var fs = {|#0:new FileStream(path, FileMode.Create)|})
                    {
                        fs.Write(data, 0, data.Length);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data)
                {
                    using (var fs = new FileStream(path, FileMode.Create))
                    {
                        fs.Write(data, 0, data.Length);
                        fs.Flush(true);
                    }
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }

    [Fact]
    public Task OpenHandleWithRandomAccessWrite() =>
        Flagged("using var handle = {|#0:File.OpenHandle(path, FileMode.Create, FileAccess.Write)|}; RandomAccess.Write(handle, data, 0);", "handle");

    [Fact]
    public Task OpenHandleReadOnly_NotFlagged() =>
        NotFlagged("using var handle = File.OpenHandle(path); var n = RandomAccess.Read(handle, new byte[4], 0);");

    [Fact]
    public async Task Fix_FlushInsideStackedUsings()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, string text)
                {
                    using (var stream = {|#0:File.Create(path)|})
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(text);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, string text)
                {
                    using (var stream = File.Create(path))
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(text);
                        writer.Flush();
                        stream.Flush(true);
                    }
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey, "stream");
    }

    [Fact]
    public async Task Fix_FlushAfterIfThatWrites()
    {
        const string source = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, bool twice)
                {
                    using var fs = {|#0:File.Create(path)|};
                    fs.Write(data);
                    if (twice)
                    {
                        fs.Write(data);
                    }
                }
            }
            """;
        const string fixedSource = """
            using System.IO;

            class C
            {
                void M(string path, byte[] data, bool twice)
                {
                    using var fs = File.Create(path);
                    fs.Write(data);
                    if (twice)
                    {
                        fs.Write(data);
                    }
                    fs.Flush(true);
                }
            }
            """;
        await FixOne(source, fixedSource, Dur001UnflushedStreamFixer.FlushToDiskKey);
    }
}
