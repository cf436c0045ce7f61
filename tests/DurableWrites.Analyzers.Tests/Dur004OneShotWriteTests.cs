using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur004OneShotWriteTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Xml;
        using System.Xml.Linq;

        """;

    private static Task Fix(string before, string after, params (string Api, string Path)[] diagnostics)
    {
        var expected = new Microsoft.CodeAnalysis.Testing.DiagnosticResult[diagnostics.Length];
        for (int i = 0; i < diagnostics.Length; i++)
        {
            expected[i] = VerifyCS.Diagnostic().WithLocation(i).WithArguments(diagnostics[i].Api, diagnostics[i].Path);
        }

        return VerifyCS.VerifyCodeFixAsync(Usings + Class(before), expected, Usings.Replace("using System.Xml.Linq;\n", "using System.Xml.Linq;\nusing DurableWrites;\n") + Class(after),
            Dur004OneShotWriteFixer.UseDurableFileKey);
    }

    private static string Class(string body) => $$"""
        class C
        {
            async Task M(string path, string text, byte[] bytes, string[] lines, IEnumerable<string> seq, XDocument doc, XElement element, XmlDocument xml, FileInfo info, CancellationToken ct)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task WriteAllText() => Fix("{|#0:File.WriteAllText(path, text)|};", "DurableFile.WriteAllText(path, text);", ("File.WriteAllText", "path"));

    [Fact]
    public Task WriteAllTextWithEncoding() =>
        Fix("{|#0:File.WriteAllText(path, text, Encoding.Latin1)|};", "DurableFile.WriteAllText(path, text, Encoding.Latin1);", ("File.WriteAllText", "path"));

    [Fact]
    public Task WriteAllBytesAndLines() =>
        Fix("{|#0:File.WriteAllBytes(path, bytes)|}; {|#1:File.WriteAllLines(path + \".txt\", lines)|}; {|#2:File.WriteAllLines(path, seq, Encoding.UTF8)|};",
            "DurableFile.WriteAllBytes(path, bytes); DurableFile.WriteAllLines(path + \".txt\", lines); DurableFile.WriteAllLines(path, seq, Encoding.UTF8);",
            ("File.WriteAllBytes", "path"), ("File.WriteAllLines", "path + \".txt\""), ("File.WriteAllLines", "path"));

    [Fact]
    public Task AsyncKeepsAwaitAndCancellation() =>
        Fix("await {|#0:File.WriteAllTextAsync(path, text, ct)|}; await {|#1:File.AppendAllLinesAsync(path, lines, Encoding.UTF8, ct)|}.ConfigureAwait(false);",
            "await DurableFile.WriteAllTextAsync(path, text, ct); await DurableFile.AppendAllLinesAsync(path, lines, Encoding.UTF8, ct).ConfigureAwait(false);",
            ("File.WriteAllTextAsync", "path"), ("File.AppendAllLinesAsync", "path"));

    [Fact]
    public Task NamedArguments() =>
        Fix("{|#0:File.WriteAllText(contents: text, path: path)|};", "DurableFile.WriteAllText(contents: text, path: path);", ("File.WriteAllText", "path"));

    [Fact]
    public Task Appends() =>
        Fix("{|#0:File.AppendAllText(path, text)|}; {|#1:File.AppendAllLines(path, lines)|};",
            "DurableFile.AppendAllText(path, text); DurableFile.AppendAllLines(path, lines);", ("File.AppendAllText", "path"), ("File.AppendAllLines", "path"));

    [Fact]
    public Task StreamWriterFlushedToDiskThroughBaseStream_IsNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        using (var writer = new StreamWriter(path))
                {
                    writer.Write(text);
                    writer.Flush();
                    ((FileStream)writer.BaseStream).Flush(true);
                }

                using var auto = new StreamWriter(path + ".a") { AutoFlush = true };
                auto.WriteLine(text);
                (auto.BaseStream as FileStream)!.Flush(true);

                var log = new StreamWriter(path + ".log", append: true);
                log.AutoFlush = true;
                await log.WriteLineAsync(text);
                RandomAccess.FlushToDisk(((FileStream)log.BaseStream).SafeFileHandle);
                log.Dispose();

                using var created = File.CreateText(path + ".c");
                created.Write(text);
                await created.FlushAsync();
                ((FileStream)created.BaseStream).Flush(true);

                var appended = info.AppendText();
                appended.Write(text);
                appended.Flush();
                ((FileStream)appended.BaseStream).Flush(flushToDisk: true);
                appended.Close();
        """));

    [Fact]
    public Task StreamWriterFlushedToDiskTooEarly_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        using (var unflushed = {|#0:new StreamWriter(path)|})
                {
                    unflushed.Write(text);
                    ((FileStream)unflushed.BaseStream).Flush(true);
                }

                using var late = {|#1:new StreamWriter(path + ".b")|};
                late.Write(text);
                late.Flush();
                ((FileStream)late.BaseStream).Flush(true);
                late.Write(text);

                using var other = {|#2:new StreamWriter(path + ".c")|};
                other.Write(text);
                other.Flush();
                ((FileStream)late.BaseStream).Flush(true);

                using var text2 = {|#3:File.CreateText(path + ".d")|};
                text2.Write(text);
                ((FileStream)text2.BaseStream).Flush(true);
        """),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("StreamWriter", "path"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("StreamWriter", "path + \".b\""),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("StreamWriter", "path + \".c\""),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("File.CreateText", "path + \".d\""));

    private static string ClassWith(string members, string body) => Class(body).Replace("class C\n{\n", "class C\n{\n    " + members + "\n");

    [Fact]
    public Task StreamWriterFlushedToDiskByNativeCallsOnItsDescriptor_IsNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + ClassWith("""
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] private static extern int fsync(int fd);
            [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "fdatasync")] private static extern int DataSync(IntPtr fd);
        """, """
        using (var writer = new StreamWriter(path))
                {
                    writer.Write(text);
                    writer.Flush();
                    if (fsync((int)((FileStream)writer.BaseStream).SafeFileHandle.DangerousGetHandle()) != 0) throw new IOException(path);
                }

                using var appended = File.AppendText(path + ".log");
                appended.AutoFlush = true;
                appended.WriteLine(text);
                DataSync(((FileStream)appended.BaseStream).SafeFileHandle.DangerousGetHandle());
        """));

    /// <summary>A writer flushed, then handed through its BaseStream to the class's own Fsync.</summary>
    private const string WriterThenFsyncOfItsBaseStream = """
        using var writer = new StreamWriter(path);
                writer.Write(text);
                writer.Flush();
                Fsync(writer.BaseStream);
        """;

    [Fact]
    public Task StreamWriterFlushedToDiskByAConfiguredSyncMethod_IsNotFlagged() => VerifyCS.VerifyAnalyzerAsync(
        Usings + ClassWith("static void Fsync(Stream stream) { }", WriterThenFsyncOfItsBaseStream), editorConfig: "durable_writes.sync_methods = C.Fsync");

    [Fact]
    public Task StreamWriterFlushedToDiskByTheProjectsOwnHelper_IsNotFlagged() => VerifyCS.VerifyAnalyzerAsync(
        Usings + ClassWith("static void Fsync(Stream stream) => ((FileStream)stream).Flush(true);", WriterThenFsyncOfItsBaseStream));

    [Fact]
    public Task StreamWriterFlushedByACallThatIsNotAFlushToDisk_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + ClassWith("""
        [System.Runtime.InteropServices.DllImport("libmystore")] private static extern int fsync(int fd);
            static void Fsync(Stream stream) => stream.Flush();
        """, """
        using var imported = {|#0:new StreamWriter(path)|};
                imported.Write(text);
                imported.Flush();
                fsync((int)((FileStream)imported.BaseStream).SafeFileHandle.DangerousGetHandle());

                using var unconfigured = {|#1:new StreamWriter(path + ".b")|};
                unconfigured.Write(text);
                unconfigured.Flush();
                Fsync(unconfigured.BaseStream);

                using var unflushed = {|#2:new StreamWriter(path + ".c")|};
                unflushed.Write(text);
                RandomAccess.FlushToDisk(((FileStream)unflushed.BaseStream).SafeFileHandle);
        """),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("StreamWriter", "path"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("StreamWriter", "path + \".b\""),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("StreamWriter", "path + \".c\""));

    [Fact]
    public Task StreamWriterConstructor() =>
        Fix("""
            using (var writer = {|#0:new StreamWriter(path, append: true, Encoding.UTF8)|})
                {
                    writer.WriteLine(text);
                }
                StreamWriter other = {|#1:new(path)|};
                other.Dispose();
            """,
            """
            using (var writer = DurableFile.OpenStreamWriter(path, append: true, Encoding.UTF8))
                {
                    writer.WriteLine(text);
                }
                StreamWriter other = DurableFile.OpenStreamWriter(path);
                other.Dispose();
            """,
            ("StreamWriter", "path"), ("StreamWriter", "path"));

    [Fact]
    public Task CreateTextAndAppendText() =>
        Fix("using var a = {|#0:File.CreateText(path)|}; using var b = {|#1:info.AppendText()|};",
            "using var a = DurableFile.CreateText(path); using var b = DurableFile.AppendText(info.FullName);",
            ("File.CreateText", "path"), ("FileInfo.AppendText", "info"));

    [Fact]
    public Task XDocumentSave() =>
        Fix("{|#0:doc.Save(path)|}; {|#1:element.Save(path, SaveOptions.DisableFormatting)|}; {|#2:xml.Save(path)|};",
            "DurableFile.Write(path, stream => doc.Save(stream)); DurableFile.Write(path, stream => element.Save(stream, SaveOptions.DisableFormatting)); DurableFile.Write(path, stream => xml.Save(stream));",
            ("XDocument.Save", "path"), ("XElement.Save", "path"), ("XmlDocument.Save", "path"));

    private static string DataSets(string body, string extraUsing = "") => $$"""
        using System.Data;
        using System.Xml;{{extraUsing}}

        class OrdersData : DataSet
        {
        }

        class Store
        {
            void M(string path, DataSet data, DataTable table, OrdersData orders)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task DataSetWriteXml_WritesThroughADurableStream() =>
        VerifyCS.VerifyCodeFixAsync(
            DataSets("""
                {|#0:data.WriteXml(path)|};
                        {|#1:orders.WriteXml(path, XmlWriteMode.WriteSchema)|};
                        {|#2:table.WriteXml(path, true)|};
                        {|#3:data.WriteXmlSchema(path + ".xsd")|};
                """),
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("DataSet.WriteXml", "path"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("DataSet.WriteXml", "path"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("DataTable.WriteXml", "path"),
                VerifyCS.Diagnostic().WithLocation(3).WithArguments("DataSet.WriteXmlSchema", "path + \".xsd\""),
            },
            DataSets("""
                DurableFile.Write(path, stream =>
                        {
                            var writer = new XmlTextWriter(stream, null) { Formatting = Formatting.Indented };
                            writer.WriteStartDocument(true);
                            data.WriteXml(writer);
                            writer.WriteEndDocument();
                            writer.Flush();
                        });
                        DurableFile.Write(path, stream =>
                        {
                            var writer = new XmlTextWriter(stream, null) { Formatting = Formatting.Indented };
                            writer.WriteStartDocument(true);
                            orders.WriteXml(writer, XmlWriteMode.WriteSchema);
                            writer.WriteEndDocument();
                            writer.Flush();
                        });
                        DurableFile.Write(path, stream =>
                        {
                            var writer = new XmlTextWriter(stream, null) { Formatting = Formatting.Indented };
                            writer.WriteStartDocument(true);
                            table.WriteXml(writer, true);
                            writer.WriteEndDocument();
                            writer.Flush();
                        });
                        DurableFile.Write(path + ".xsd", stream =>
                        {
                            var writer = new XmlTextWriter(stream, null) { Formatting = Formatting.Indented };
                            writer.WriteStartDocument(true);
                            data.WriteXmlSchema(writer);
                            writer.WriteEndDocument();
                            writer.Flush();
                        });
                """, "\nusing DurableWrites;"),
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public Task DataSetWriteXml_WithoutSystemXmlImported_AndAWriterInScope_QualifiesAndPicksFreeNames() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using System.Data;

            class Store
            {
                void M(string path, DataSet data, bool ok)
                {
                    var writer = new System.IO.StringWriter();
                    if (ok) {|#0:data.WriteXml(path)|};
                }
            }
            """,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("DataSet.WriteXml", "path") },
            """
            using System.Data;
            using DurableWrites;

            class Store
            {
                void M(string path, DataSet data, bool ok)
                {
                    var writer = new System.IO.StringWriter();
                    if (ok) DurableFile.Write(path, stream =>
                    {
                        var writer2 = new global::System.Xml.XmlTextWriter(stream, null) { Formatting = global::System.Xml.Formatting.Indented };
                        writer2.WriteStartDocument(true);
                        data.WriteXml(writer2);
                        writer2.WriteEndDocument();
                        writer2.Flush();
                    });
                }
            }
            """,
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public async Task DataSetWrittenToAStreamOrWriter_IsNotAOneShotWrite()
    {
        string source = DataSets("""
            using var writer = new StringWriter();
                    data.WriteXml(writer);
                    data.ReadXml(path);
                    table.WriteXml(Stream.Null);
            """, "\nusing System.IO;");
        await VerifyCS.VerifyAnalyzerAsync(source);
    }

    private static string Zip(string body, string extraUsing = "") => $$"""
        using System.IO;
        using System.IO.Compression;
        using System.Text;{{extraUsing}}

        class Backup
        {
            void M(string directory, string archive)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task ZipFileCreateFromDirectory_WritesTheArchiveThroughADurableStream() =>
        VerifyCS.VerifyCodeFixAsync(
            Zip("{|#0:ZipFile.CreateFromDirectory(directory, archive)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("ZipFile.CreateFromDirectory", "archive") },
            Zip("DurableFile.Write(archive, stream => ZipFile.CreateFromDirectory(directory, stream));", "\nusing DurableWrites;"),
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public Task ZipFileCreateFromDirectory_AllArgumentsPositional() =>
        VerifyCS.VerifyCodeFixAsync(
            Zip("{|#0:ZipFile.CreateFromDirectory(directory, archive, CompressionLevel.Fastest, true, Encoding.UTF8)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("ZipFile.CreateFromDirectory", "archive") },
            Zip("DurableFile.Write(archive, stream => ZipFile.CreateFromDirectory(directory, stream, CompressionLevel.Fastest, true, Encoding.UTF8));", "\nusing DurableWrites;"),
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public Task ZipFileOpenToCreate_BecomesAnArchiveOverADurableStream() =>
        VerifyCS.VerifyCodeFixAsync(
            Zip("using (var zip = {|#0:ZipFile.Open(archive, ZipArchiveMode.Create)|}) { zip.CreateEntry(\"a\"); }\n        using var named = {|#1:ZipFile.Open(archive + \".b\", ZipArchiveMode.Create, Encoding.UTF8)|};"),
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("ZipFile.Open", "archive"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("ZipFile.Open", "archive + \".b\""),
            },
            Zip("using (var zip = new ZipArchive(DurableFile.Create(archive), ZipArchiveMode.Create)) { zip.CreateEntry(\"a\"); }\n        using var named = new ZipArchive(DurableFile.Create(archive + \".b\"), ZipArchiveMode.Create, false, Encoding.UTF8);", "\nusing DurableWrites;"),
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public Task ZipFileOpenFullyQualified_NamesTheArchiveTypeItCanReach() =>
        VerifyCS.VerifyCodeFixAsync("""
            class Backup
            {
                void M(string archive)
                {
                    using var zip = {|#0:System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Create)|};
                }
            }
            """,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("ZipFile.Open", "archive") },
            """
            using DurableWrites;

            class Backup
            {
                void M(string archive)
                {
                    using var zip = new global::System.IO.Compression.ZipArchive(DurableFile.Create(archive), System.IO.Compression.ZipArchiveMode.Create);
                }
            }
            """,
            Dur004OneShotWriteFixer.UseDurableFileKey);

    [Fact]
    public Task ZipFileOpenToRead_IsNotFlagged_ToUpdate_IsFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(Zip("""
            using var read = ZipFile.Open(archive, ZipArchiveMode.Read);
                    using var opened = ZipFile.OpenRead(archive);
                    using var updated = {|#0:ZipFile.Open(archive, ZipArchiveMode.Update)|};
                    ZipFile.ExtractToDirectory(archive, directory);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("ZipFile.Open", "archive"));

    [Fact]
    public Task XmlWriterCreate_OpensTheFileDurablyAndClosesIt() =>
        Fix("""
            using (var writer = {|#0:XmlWriter.Create(path)|}) { writer.WriteElementString("a", text); }
                    using var indented = {|#1:XmlWriter.Create(path + ".xml", new XmlWriterSettings { Indent = true })|};
                    using var bare = {|#2:XmlWriter.Create(path + ".bare", new XmlWriterSettings())|};
                    using var closing = {|#3:System.Xml.XmlWriter.Create(path + ".closing", new() { CloseOutput = false, Indent = true })|};
            """,
            """
            using (var writer = XmlWriter.Create(DurableFile.Create(path), new XmlWriterSettings { CloseOutput = true })) { writer.WriteElementString("a", text); }
                    using var indented = XmlWriter.Create(DurableFile.Create(path + ".xml"), new XmlWriterSettings { Indent = true, CloseOutput = true });
                    using var bare = XmlWriter.Create(DurableFile.Create(path + ".bare"), new XmlWriterSettings() { CloseOutput = true });
                    using var closing = System.Xml.XmlWriter.Create(DurableFile.Create(path + ".closing"), new() { CloseOutput = true, Indent = true });
            """,
            ("XmlWriter.Create", "path"), ("XmlWriter.Create", "path + \".xml\""), ("XmlWriter.Create", "path + \".bare\""), ("XmlWriter.Create", "path + \".closing\""));

    [Fact]
    public Task XmlWriterCreate_MultiLineSettingsGetCloseOutputOnTheirOwnLine() =>
        Fix("""
            using var writer = {|#0:XmlWriter.Create(path, new XmlWriterSettings
                    {
                        Indent = true
                    })|};
                    using var other = {|#1:XmlWriter.Create(path + ".b", new XmlWriterSettings
                    {
                        Indent = true,
                    })|};
            """,
            """
            using var writer = XmlWriter.Create(DurableFile.Create(path), new XmlWriterSettings
                    {
                        Indent = true,
                        CloseOutput = true
                    });
                    using var other = XmlWriter.Create(DurableFile.Create(path + ".b"), new XmlWriterSettings
                    {
                        Indent = true,
                        CloseOutput = true,
                    });
            """,
            ("XmlWriter.Create", "path"), ("XmlWriter.Create", "path + \".b\""));

    [Fact]
    public Task XmlWriterCreate_WithSharedSettings_IsFlaggedWithoutFix()
    {
        string source = Usings + Class("""
            var settings = new XmlWriterSettings { Indent = true };
                    using var writer = {|#0:XmlWriter.Create(path, settings)|};
            """);
        return VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("XmlWriter.Create", "path") }, source);
    }

    [Fact]
    public Task XmlTextWriter_WritesThroughADurableStream() =>
        Fix("""
            using (var writer = {|#0:new XmlTextWriter(path, Encoding.UTF8)|}) { writer.WriteElementString("a", text); }
            """,
            """
            using (var writer = new XmlTextWriter(DurableFile.Create(path), Encoding.UTF8)) { writer.WriteElementString("a", text); }
            """,
            ("XmlTextWriter", "path"));

    [Fact]
    public Task XmlWritersOnStreamsAndTemporaryFiles_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
            using var memory = new MemoryStream();
                    using (var a = XmlWriter.Create(memory)) { a.WriteElementString("a", text); }
                    using (var b = XmlWriter.Create(new StringBuilder())) { b.WriteElementString("a", text); }
                    using (var c = XmlWriter.Create(Path.Combine(Path.GetTempPath(), "scratch.xml"))) { c.WriteElementString("a", text); }
                    using (var d = new XmlTextWriter(memory, Encoding.UTF8)) { d.WriteElementString("a", text); }
                    using (var e = XmlReader.Create(path)) { e.Read(); }
            """));

    [Fact]
    public async Task SaveInClassWithLocalNamedStream_PicksAnotherLambdaName()
    {
        const string source = """
            using System.IO;
            using System.Xml.Linq;

            class C
            {
                void M(string path, XDocument doc, Stream stream)
                {
                    {|#0:doc.Save(path)|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Xml.Linq;
            using DurableWrites;

            class C
            {
                void M(string path, XDocument doc, Stream stream)
                {
                    DurableFile.Write(path, stream2 => doc.Save(stream2));
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("XDocument.Save", "path") }, fixedSource);
    }

    [Fact]
    public async Task UsingGoesInsideNamespaceWhenUsingsAreThere()
    {
        const string source = """
            namespace App
            {
                using System.IO;
                using Zebra;

                class C
                {
                    void M(string path) => {|#0:File.WriteAllText(path, "x")|};
                }
            }

            namespace Zebra { class Z { } }
            """;
        const string fixedSource = """
            namespace App
            {
                using System.IO;
                using DurableWrites;
                using Zebra;

                class C
                {
                    void M(string path) => DurableFile.WriteAllText(path, "x");
                }
            }

            namespace Zebra { class Z { } }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path") }, fixedSource);
    }

    [Fact]
    public async Task NoUsingsAtAll_FullyQualifiedCall_FileScopedNamespace()
    {
        const string source = """
            // Copyright header.

            namespace App;

            class C
            {
                void M(string path) => {|#0:System.IO.File.WriteAllText(path, "x")|};
            }
            """;
        const string fixedSource = """
            // Copyright header.

            using DurableWrites;

            namespace App;

            class C
            {
                void M(string path) => DurableFile.WriteAllText(path, "x");
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path") }, fixedSource);
    }

    [Fact]
    public async Task ExistingUsing_IsNotAddedTwice()
    {
        const string source = """
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path) => {|#0:File.WriteAllText(path, "x")|};
            }
            """;
        const string fixedSource = """
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path) => DurableFile.WriteAllText(path, "x");
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path") }, fixedSource);
    }

    [Fact]
    public async Task GlobalUsing_IsRespected()
    {
        var test = new VerifyCS.Test
        {
            TestState =
            {
                Sources =
                {
                    "using System.IO;\nclass C { void M(string p) => {|#0:File.WriteAllText(p, \"x\")|}; }\n",
                    "global using DurableWrites;\n",
                },
                ExpectedDiagnostics = { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "p") },
            },
            FixedState =
            {
                Sources =
                {
                    "using System.IO;\nclass C { void M(string p) => DurableFile.WriteAllText(p, \"x\"); }\n",
                    "global using DurableWrites;\n",
                },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_InDocumentProjectAndSolution()
    {
        // Several diagnostics in two files: the verifier applies Fix All in document, project and solution scope.
        var test = new VerifyCS.Test
        {
            TestState =
            {
                Sources =
                {
                    "using System.IO;\nclass A\n{\n    void M(string p, string q)\n    {\n        {|#0:File.WriteAllText(p, \"a\")|};\n        {|#1:File.AppendAllText(q, \"b\")|};\n    }\n}\n",
                    "using System.IO;\nclass B\n{\n    void M(string p) => {|#2:File.WriteAllBytes(p, new byte[1])|};\n}\n",
                },
                ExpectedDiagnostics =
                {
                    VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "p"),
                    VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.AppendAllText", "q"),
                    VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.WriteAllBytes", "p"),
                },
            },
            FixedState =
            {
                Sources =
                {
                    "using System.IO;\nusing DurableWrites;\nclass A\n{\n    void M(string p, string q)\n    {\n        DurableFile.WriteAllText(p, \"a\");\n        DurableFile.AppendAllText(q, \"b\");\n    }\n}\n",
                    "using System.IO;\nusing DurableWrites;\nclass B\n{\n    void M(string p) => DurableFile.WriteAllBytes(p, new byte[1]);\n}\n",
                },
            },
            CodeActionEquivalenceKey = Dur004OneShotWriteFixer.UseDurableFileKey,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2, // one per file
            NumberOfFixAllInProjectIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public Task TemporaryPaths_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        File.WriteAllText(Path.GetTempFileName(), text);
                var scratch = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName());
                File.WriteAllBytes(scratch, bytes);
                File.WriteAllText(Path.Combine(Environment.GetEnvironmentVariable("TMPDIR")!, "x"), text);
        """));

    [Fact]
    public Task TestClassMembersThatOnlyHoldTemporaryLocations_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + """
        class StoreTests
        {
            private readonly string _root;
            private string? _setUp;
            private string _mixed = Path.GetTempPath();
            private readonly string _durable;
            private DirectoryInfo Scratch { get; } = Directory.CreateTempSubdirectory();

            public StoreTests()
            {
                _root = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));
                _durable = "/var/lib/app";
            }

            public void SetUp() => this._setUp = Path.Combine(Path.GetTempPath(), "store");

            public void Reconfigure() => _mixed = "/srv/data";

            public void Saves(string text)
            {
                File.WriteAllText(Path.Combine(_root, "a.txt"), text);
                File.WriteAllText(Path.Combine(_setUp!, "b.txt"), text);
                File.WriteAllText(Path.Combine(Scratch.FullName, "c.txt"), text);
                File.WriteAllText(Path.Combine(Directory.CreateTempSubdirectory().FullName, "d.txt"), text);
                {|#0:File.WriteAllText(Path.Combine(_mixed, "e.txt"), text)|};
                {|#1:File.WriteAllText(Path.Combine(_durable, "f.txt"), text)|};
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(_mixed, \"e.txt\")"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "Path.Combine(_durable, \"f.txt\")"));

    [Fact]
    public Task MembersWrittenWhereTheValueIsNotShown_AreNotTakenAsTemporary() => VerifyCS.VerifyAnalyzerAsync(Usings + """
        partial class StoreTests
        {
            // _byOut and the others are set below; "_root" in text, _rootName and my_root do not assign _root.
            private readonly string _root = Path.GetTempPath();
            private readonly string _byOut = Path.GetTempPath();
            private string _swapped = Path.GetTempPath();
            private readonly string _deconstructed = Path.GetTempPath();
            private string _appended = Path.GetTempPath();
            private readonly string _rootName = "/srv/data";
            private readonly string _escaped = Path.GetTempPath();
            private readonly string _other = Path.GetTempPath();
            private string _aliased = Path.GetTempPath();

            public StoreTests(StoreTests other)
            {
                _ = "_root = /srv/data";
                Init(out _byOut);
                Swap(ref _swapped);
                (_deconstructed, var n) = ("/srv/data", 1);
                _appended += "/srv/data";
                string my_root;
                my_root = "/srv/data";
                Console.WriteLine(_root + _rootName + my_root + n);
                other._root.ToString();
                Read(in _other);
                ref string alias = ref _aliased;
                alias = "/srv/data";
            }

            static void Init(out string path) => path = "/srv/data";
            static void Swap(ref string path) => path = "/srv/data";
            static void Read(in string path) { }

            public void Saves(string text)
            {
                File.WriteAllText(Path.Combine(_root, "a.txt"), text);
                {|#0:File.WriteAllText(Path.Combine(_byOut, "b.txt"), text)|};
                {|#1:File.WriteAllText(Path.Combine(_swapped, "c.txt"), text)|};
                {|#2:File.WriteAllText(Path.Combine(_deconstructed, "d.txt"), text)|};
                {|#3:File.WriteAllText(Path.Combine(_appended, "e.txt"), text)|};
                {|#4:File.WriteAllText(Path.Combine(_escaped, "f.txt"), text)|};
                File.WriteAllText(Path.Combine(_other, "g.txt"), text);
                {|#5:File.WriteAllText(Path.Combine(_aliased, "h.txt"), text)|};
            }
        }

        partial class StoreTests
        {
            void Reset() => \u005Fescaped.ToString();
            StoreTests(int unused) : this(null!) => _escaped = "/srv/data";
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(_byOut, \"b.txt\")"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "Path.Combine(_swapped, \"c.txt\")"),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.WriteAllText", "Path.Combine(_deconstructed, \"d.txt\")"),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("File.WriteAllText", "Path.Combine(_appended, \"e.txt\")"),
        VerifyCS.Diagnostic().WithLocation(4).WithArguments("File.WriteAllText", "Path.Combine(_escaped, \"f.txt\")"),
        VerifyCS.Diagnostic().WithLocation(5).WithArguments("File.WriteAllText", "Path.Combine(_aliased, \"h.txt\")"));

    [Fact]
    public Task TemporaryPaths_FlaggedWhenConfigured() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("{|#0:File.WriteAllText(Path.GetTempFileName(), text)|};"),
        "durable_writes.include_temp_paths = true",
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.GetTempFileName()"));

    [Fact]
    public Task KernelDeviceAndMemoryFileSystems_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + """
        class Board
        {
            private const string Gpio = "/sys/class/gpio";

            void Settings(int pin, string text)
            {
                File.WriteAllText(Gpio + "/export", pin.ToString());
                File.WriteAllText(Path.Combine(Gpio, "gpio" + pin, "direction"), "out");
                File.WriteAllText("/proc/sys/vm/drop_caches", "3");
                File.AppendAllText("/dev/kmsg", text);
                File.WriteAllText($"/run/app/{pin}.pid", text);
                File.WriteAllText("/dev/shm/state", text);
                File.WriteAllText("/tmp/last-run", text);
                File.WriteAllText("/var/run/app/socket-path", text);
                File.WriteAllText("/var/lock/app", text);
                {|#0:File.WriteAllText("/var/lib/app/state", text)|};
                {|#1:File.WriteAllText("/system/settings", text)|};
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "\"/var/lib/app/state\""),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "\"/system/settings\""));

    [Fact]
    public Task PidAndLockFiles_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        File.WriteAllText(Path.Combine(path, "service.pid"), Environment.ProcessId.ToString());
                File.WriteAllText(path + ".PID", text);
                File.AppendAllText(Path.Combine(path, "db.lck"), text);
                {|#0:File.WriteAllText(Path.Combine(path, "packages.lock.json"), text)|};
                {|#1:File.WriteAllText(Path.Combine(path, "yarn.lock"), text)|};
                {|#2:File.WriteAllText(Path.Combine(path, "rapid"), text)|};
        """),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(path, \"packages.lock.json\")"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "Path.Combine(path, \"yarn.lock\")"),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.WriteAllText", "Path.Combine(path, \"rapid\")"));

    [Fact]
    public Task MembersThatOnlyHoldOneString_AreReadAsThatString() => VerifyCS.VerifyAnalyzerAsync(Usings + """
        class Service
        {
            private readonly string _lockFile = "service.lck";
            private static readonly string RuntimeDirectory = "/run/service";
            private string PidFile { get; } = "service.pid";
            private string Scratch => "/dev/shm/service";
            private readonly string _assignedTwice = "a.lck";
            private string _reassigned = "b.lck";
            public string SettableFromOutside = "c.lck";
            protected virtual string Overridable => "d.pid";

            public Service(bool other)
            {
                if (other)
                {
                    _assignedTwice = "settings.json";
                }
            }

            public void Rename() => _reassigned = "settings.json";

            public void Run(string text)
            {
                File.WriteAllText(_lockFile, text);
                File.WriteAllText(Path.Combine(RuntimeDirectory, "state"), text);
                File.WriteAllText(PidFile, text);
                File.WriteAllText(Scratch, text);
                {|#0:File.WriteAllText(_assignedTwice, text)|};
                {|#1:File.WriteAllText(_reassigned, text)|};
                {|#2:File.WriteAllText(SettableFromOutside, text)|};
                {|#3:File.WriteAllText(Overridable, text)|};
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "_assignedTwice"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "_reassigned"),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.WriteAllText", "SettableFromOutside"),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("File.WriteAllText", "Overridable"));

    [Fact]
    public Task WindowsDevices_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        File.WriteAllText("NUL", text);
                File.AppendAllText("nul.txt", text);
                File.WriteAllText(@"\\.\pipe\app-control", text);
                File.WriteAllBytes("\\\\.\\COM3", bytes);
                File.WriteAllText("CON:", text);
                {|#0:File.WriteAllText("console.txt", text)|};
                {|#1:File.WriteAllText(@"C:\data\nullable.json", text)|};
        """),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "\"console.txt\""),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "@\"C:\\data\\nullable.json\""));

    [Fact]
    public Task TmpIsFlaggedWhenTemporaryPathsAreIncluded() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("{|#0:File.WriteAllText(\"/tmp/last-run\", text)|}; File.WriteAllText(\"/proc/sys/vm/drop_caches\", \"3\");"),
        "durable_writes.include_temp_paths = true",
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "\"/tmp/last-run\""));

    [Fact]
    public Task RandomNameBesideTarget_IsFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("{|#0:File.WriteAllText(Path.Combine(path, Path.GetRandomFileName()), text)|};"),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(path, Path.GetRandomFileName())"));

    [Fact]
    public Task NonDurablePathPatterns() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        File.WriteAllText("/var/cache/app/" + text, text);
                File.WriteAllText(path + ".log", text);
                File.WriteAllText($"/run/app/{text}.pid", text);
                {|#0:File.WriteAllText("/var/lib/app/state.json", text)|};
        """), "durable_writes.non_durable_paths = /var/cache/*, *.log, /run/*",
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "\"/var/lib/app/state.json\""));

    [Fact]
    public Task AdditionalWriteMethods_AreFlaggedWithoutFix() => VerifyCS.VerifyAnalyzerAsync(Usings + """
        namespace Storage { static class Blob { public static void Put(string path, byte[] data) { } } }
        class D { void M(string p) => {|#0:Storage.Blob.Put(p, new byte[1])|}; }
        """, "durable_writes.additional_write_methods = Storage.Blob.Put",
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Blob.Put", "p"));

    [Fact]
    public Task CallsThatDoNotSpellTheirType_AreFlagged() => VerifyCS.VerifyAnalyzerAsync("""
        using System.IO;
        using System.Xml.Linq;
        using static System.IO.File;
        using Writer = System.IO.StreamWriter;

        class Settings : XDocument { }

        class D
        {
            private readonly Settings _settings = new();

            void Static(string p, string text) => {|#0:WriteAllText(p, text)|};

            void Alias(string p)
            {
                using var w = {|#1:new Writer(p)|};
                w.Write(1);
            }

            void TargetTyped(string p)
            {
                using StreamWriter w = {|#2:new(p)|};
                w.Write(1);
            }

            void Subclass(string p) => {|#3:_settings.Save(p)|};
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "p"),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("StreamWriter", "p"),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("StreamWriter", "p"),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("XDocument.Save", "p"));

    [Fact]
    public async Task InitializersAccessorsAndAliasesFromOtherFiles_AreAnalysed()
    {
        var test = new VerifyCS.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    using System;
                    using System.IO;

                    class D
                    {
                        private static readonly Action<string> Save = p => {|#0:File.WriteAllText(p, "x")|};
                        private readonly Lazy<int> _stamp = new(() => { {|#1:File.AppendAllText("/var/lib/app/log", "x")|}; return 1; });

                        public string Path
                        {
                            set => {|#2:File.WriteAllText(value, "x")|};
                        }

                        public D(string p) : this({|#3:File.CreateText(p)|}) { }

                        private D(TextWriter writer) => writer.Dispose();

                        void M(string p)
                        {
                            using var writer = {|#4:new Out(p)|};
                            writer.Write(1);
                        }
                    }
                    """,
                    "global using Out = System.IO.StreamWriter;",
                },
            },
        };
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "p"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.AppendAllText", "\"/var/lib/app/log\""));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.WriteAllText", "value"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(3).WithArguments("File.CreateText", "p"));
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(4).WithArguments("StreamWriter", "p"));
        await test.RunAsync();
    }

    [Fact]
    public Task DurableFileCalls_AreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + "using DurableWrites;\n" + Class("""
        DurableFile.WriteAllText(path, text);
                await DurableFile.WriteAllBytesAsync(path, bytes, ct);
                using var w = DurableFile.OpenStreamWriter(path);
                DurableFile.Write(path, s => doc.Save(s));
        """));

    [Fact]
    public Task ReadsAreNotFlagged() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        var s = File.ReadAllText(path);
                using var r = new StreamReader(path);
                var d = XDocument.Load(path);
                using var w = new StreamWriter(new MemoryStream());
        """));

    [Fact]
    public Task TempWriteOfHandRolledReplace_IsLeftToDur005() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        var temp = path + ".tmp";
                File.WriteAllText(temp, text);
                File.Move(temp, path, true);
        """));

    [Fact]
    public Task TempWriteOfHandRolledReplace_ReportedHereWhenDur005IsOff() => VerifyCS.VerifyAnalyzerAsync(Usings + Class("""
        var temp = path + ".tmp";
                {|#0:File.WriteAllText(temp, text)|};
                File.Move(temp, path, true);
        """), "dotnet_diagnostic.DUR005.severity = none",
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "temp"));
}
